META
key;value
description;"Small approval election; hand-written"
country;Testland
unit;Testville
instance;2024
num_projects;4
num_votes;5
budget;1000,50
vote_type;approval
rule;greedy
min_length;1
max_length;2
max_sum_cost;700
currency;EUR
PROJECTS
name;project_id;cost;votes;category
"Park ""green"" corner";p1;400.25;3;"environment,sport"
Library;p2;300;2;culture
Playground;p10;500;2;sport
Bench;p3;0;0;
VOTES
vote;voter_id;age
p1,p2;v1;30
p1,p10;v2;41
p1,p2,p10;v3;25
;v4;60
p10,p10;v5;33
