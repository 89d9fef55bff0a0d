META
key;value
budget;10.5
vote_type;choose-1
PROJECTS
project_id;cost;name
x;5;"line one
line two"
y;6;"semi;colon"
VOTES
voter_id;vote
1;x
2;y