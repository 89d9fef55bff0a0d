META
key;value
description;Small ordinal election
num_projects;3
num_votes;3
budget;50
vote_type;ordinal
PROJECTS
project_id;cost;votes
A;20;3
B;30;2
C;25;2
VOTES
voter_id;vote
1;C,A,B
2;A,B
3;B,C,A
