META
key;value
description;A ward fund with costs in pounds and pence (hand-written for the tests)
country;United Kingdom
unit;Example Borough
instance;2026
num_projects;4
num_votes;6
budget;2500,50
vote_type;approval
rule;equalshares/add1
currency;GBP
PROJECTS
project_id;cost;name
1;1200.75;Defibrillator at the community centre
2;899.99;Planters on the high street
3;650.5;Repair café tools
4;1500;Youth club minibus fund
VOTES
voter_id;vote
v1;1,2
v2;1,3
v3;2,3,4
v4;4
v5;1,4
v6;3
