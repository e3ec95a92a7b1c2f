# ruff: noqa: E501  (the reference tables and sentence banks are long lines of data)
"""Generate synthetic TCE Project Learning Reports for benchmarking tce-graph.

    python benchmarks/generate_reports.py --reports 1000 --out /tmp/reports-1000 [--seed 0]

The reports imitate the published learning-report template and the ways PDF converters lay it out:
the title, the details table (as tab-separated rows, a Markdown pipe table, HTML table rows or
"Label: value" lines), the sections from "Reasons why the local area requested ..." to "Immediate
reflections from the local area", the sign-off block and the cited resources (footnotes with
superscript markers, Markdown links and lost links). Partnerships are real English local authority
areas (alone, in pairs and triples that share a police force, and as named sub-regional groups), so
their regions resolve; agencies (councils, police forces, CCGs/ICBs, NHS trusts, voluntary bodies)
recur across reports; the people who sign are invented.

Deterministic: the same seed gives byte-identical files, and report ``k`` is the same whatever the
number of reports (a 100-report set is a prefix of the 1,000 set): every report's randomness comes
from ``random.Random`` seeded with ``(seed, k)`` only. Every report describes a distinct project
(partnership and start month). :func:`plan` returns what report ``k`` is meant to say (the fields a
reader should find), for tests and spot checks.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# =====================================================================================================
# Reference data: places by region, with council, police force, integrated care board and kind
# =====================================================================================================

REGION_NAMES = {
    "north-east": "North East", "north-west": "North West", "yorkshire-and-the-humber": "Yorkshire and The Humber",
    "east-midlands": "East Midlands", "west-midlands": "West Midlands", "east-of-england": "East of England",
    "london": "London", "south-east": "South East", "south-west": "South West",
}

# How reports write each region (all read by tce-graph as the region itself).
REGION_STATED = {
    "north-east": ["North East", "North East", "North East", "North East England", "North East of England",
                   "The North East"],
    "north-west": ["North West", "North West", "North West", "North West of England", "North West England",
                   "The North West region of England"],
    "yorkshire-and-the-humber": ["Yorkshire and the Humber", "Yorkshire and the Humber", "Yorkshire and The Humber",
                                 "Yorkshire & the Humber", "Yorks & Humber", "Yorkshire and Humber", "Yorkshire"],
    "east-midlands": ["East Midlands", "East Midlands", "East Midlands", "East Midlands region", "The East Midlands"],
    "west-midlands": ["West Midlands", "West Midlands", "West Midlands", "West Midlands region", "The West Midlands"],
    "east-of-england": ["East of England", "East of England", "East of England", "Eastern Region", "Eastern",
                        "East of England region"],
    "london": ["London", "London", "London", "Greater London", "London region"],
    "south-east": ["South East", "South East", "South East", "South East England", "South East of England",
                   "The South East"],
    "south-west": ["South West", "South West", "South West", "South West England", "The South West",
                   "South West of England"],
}

# place | council | police force | ICB (without "NHS ... ICB") | kind [| children's services trust]
_PLACES = {
    "north-east": """
County Durham|Durham County Council|Durham Constabulary|North East and North Cumbria|county
Darlington|Darlington Borough Council|Durham Constabulary|North East and North Cumbria|borough
Gateshead|Gateshead Council|Northumbria Police|North East and North Cumbria|borough
Hartlepool|Hartlepool Borough Council|Cleveland Police|North East and North Cumbria|borough
Middlesbrough|Middlesbrough Council|Cleveland Police|North East and North Cumbria|borough
Newcastle upon Tyne|Newcastle City Council|Northumbria Police|North East and North Cumbria|city
North Tyneside|North Tyneside Council|Northumbria Police|North East and North Cumbria|borough
Northumberland|Northumberland County Council|Northumbria Police|North East and North Cumbria|county
Redcar and Cleveland|Redcar and Cleveland Borough Council|Cleveland Police|North East and North Cumbria|borough
South Tyneside|South Tyneside Council|Northumbria Police|North East and North Cumbria|borough
Stockton-on-Tees|Stockton-on-Tees Borough Council|Cleveland Police|North East and North Cumbria|borough
Sunderland|Sunderland City Council|Northumbria Police|North East and North Cumbria|city|Together for Children
""",
    "north-west": """
Blackburn with Darwen|Blackburn with Darwen Borough Council|Lancashire Constabulary|Lancashire and South Cumbria|borough
Blackpool|Blackpool Council|Lancashire Constabulary|Lancashire and South Cumbria|town
Bolton|Bolton Council|Greater Manchester Police|Greater Manchester|borough
Bury|Bury Council|Greater Manchester Police|Greater Manchester|borough
Cheshire East|Cheshire East Council|Cheshire Constabulary|Cheshire and Merseyside|area
Cheshire West and Chester|Cheshire West and Chester Council|Cheshire Constabulary|Cheshire and Merseyside|area
Cumbria|Cumbria County Council|Cumbria Constabulary|North East and North Cumbria|county
Halton|Halton Borough Council|Cheshire Constabulary|Cheshire and Merseyside|borough
Knowsley|Knowsley Council|Merseyside Police|Cheshire and Merseyside|borough
Lancashire|Lancashire County Council|Lancashire Constabulary|Lancashire and South Cumbria|county
Liverpool|Liverpool City Council|Merseyside Police|Cheshire and Merseyside|city
Manchester|Manchester City Council|Greater Manchester Police|Greater Manchester|city
Oldham|Oldham Council|Greater Manchester Police|Greater Manchester|borough
Rochdale|Rochdale Borough Council|Greater Manchester Police|Greater Manchester|borough
Salford|Salford City Council|Greater Manchester Police|Greater Manchester|city
Sefton|Sefton Council|Merseyside Police|Cheshire and Merseyside|borough
St Helens|St Helens Borough Council|Merseyside Police|Cheshire and Merseyside|borough
Stockport|Stockport Council|Greater Manchester Police|Greater Manchester|borough
Tameside|Tameside Metropolitan Borough Council|Greater Manchester Police|Greater Manchester|borough
Trafford|Trafford Council|Greater Manchester Police|Greater Manchester|borough
Warrington|Warrington Borough Council|Cheshire Constabulary|Cheshire and Merseyside|borough
Wigan|Wigan Council|Greater Manchester Police|Greater Manchester|borough
Wirral|Wirral Council|Merseyside Police|Cheshire and Merseyside|borough
""",
    "yorkshire-and-the-humber": """
Barnsley|Barnsley Metropolitan Borough Council|South Yorkshire Police|South Yorkshire|borough
Bradford|City of Bradford Metropolitan District Council|West Yorkshire Police|West Yorkshire|city
Calderdale|Calderdale Council|West Yorkshire Police|West Yorkshire|borough
Doncaster|City of Doncaster Council|South Yorkshire Police|South Yorkshire|city|Doncaster Children's Services Trust
East Riding of Yorkshire|East Riding of Yorkshire Council|Humberside Police|Humber and North Yorkshire|area
Hull|Hull City Council|Humberside Police|Humber and North Yorkshire|city
Kirklees|Kirklees Council|West Yorkshire Police|West Yorkshire|borough
Leeds|Leeds City Council|West Yorkshire Police|West Yorkshire|city
North East Lincolnshire|North East Lincolnshire Council|Humberside Police|Humber and North Yorkshire|area
North Lincolnshire|North Lincolnshire Council|Humberside Police|Humber and North Yorkshire|area
North Yorkshire|North Yorkshire Council|North Yorkshire Police|Humber and North Yorkshire|county
Rotherham|Rotherham Metropolitan Borough Council|South Yorkshire Police|South Yorkshire|borough
Sheffield|Sheffield City Council|South Yorkshire Police|South Yorkshire|city
Wakefield|Wakefield Council|West Yorkshire Police|West Yorkshire|district
York|City of York Council|North Yorkshire Police|Humber and North Yorkshire|city
""",
    "east-midlands": """
Derby|Derby City Council|Derbyshire Constabulary|Derby and Derbyshire|city
Derbyshire|Derbyshire County Council|Derbyshire Constabulary|Derby and Derbyshire|county
Leicester|Leicester City Council|Leicestershire Police|Leicester, Leicestershire and Rutland|city
Leicestershire|Leicestershire County Council|Leicestershire Police|Leicester, Leicestershire and Rutland|county
Lincolnshire|Lincolnshire County Council|Lincolnshire Police|Lincolnshire|county
North Northamptonshire|North Northamptonshire Council|Northamptonshire Police|Northamptonshire|area|Northamptonshire Children's Trust
Nottingham|Nottingham City Council|Nottinghamshire Police|Nottingham and Nottinghamshire|city
Nottinghamshire|Nottinghamshire County Council|Nottinghamshire Police|Nottingham and Nottinghamshire|county
Rutland|Rutland County Council|Leicestershire Police|Leicester, Leicestershire and Rutland|county
West Northamptonshire|West Northamptonshire Council|Northamptonshire Police|Northamptonshire|area|Northamptonshire Children's Trust
""",
    "west-midlands": """
Birmingham|Birmingham City Council|West Midlands Police|Birmingham and Solihull|city|Birmingham Children's Trust
Coventry|Coventry City Council|West Midlands Police|Coventry and Warwickshire|city
Dudley|Dudley Metropolitan Borough Council|West Midlands Police|Black Country|borough
Herefordshire|Herefordshire Council|West Mercia Police|Herefordshire and Worcestershire|county
Sandwell|Sandwell Metropolitan Borough Council|West Midlands Police|Black Country|borough|Sandwell Children's Trust
Shropshire|Shropshire Council|West Mercia Police|Shropshire, Telford and Wrekin|county
Solihull|Solihull Metropolitan Borough Council|West Midlands Police|Birmingham and Solihull|borough
Staffordshire|Staffordshire County Council|Staffordshire Police|Staffordshire and Stoke-on-Trent|county
Stoke-on-Trent|Stoke-on-Trent City Council|Staffordshire Police|Staffordshire and Stoke-on-Trent|city
Telford and Wrekin|Telford and Wrekin Council|West Mercia Police|Shropshire, Telford and Wrekin|borough
Walsall|Walsall Council|West Midlands Police|Black Country|borough
Warwickshire|Warwickshire County Council|Warwickshire Police|Coventry and Warwickshire|county
Wolverhampton|City of Wolverhampton Council|West Midlands Police|Black Country|city
Worcestershire|Worcestershire County Council|West Mercia Police|Herefordshire and Worcestershire|county
""",
    "east-of-england": """
Bedford|Bedford Borough Council|Bedfordshire Police|Bedfordshire, Luton and Milton Keynes|borough
Cambridgeshire|Cambridgeshire County Council|Cambridgeshire Constabulary|Cambridgeshire and Peterborough|county
Central Bedfordshire|Central Bedfordshire Council|Bedfordshire Police|Bedfordshire, Luton and Milton Keynes|area
Essex|Essex County Council|Essex Police|Mid and South Essex|county
Hertfordshire|Hertfordshire County Council|Hertfordshire Constabulary|Hertfordshire and West Essex|county
Luton|Luton Borough Council|Bedfordshire Police|Bedfordshire, Luton and Milton Keynes|borough
Norfolk|Norfolk County Council|Norfolk Constabulary|Norfolk and Waveney|county
Peterborough|Peterborough City Council|Cambridgeshire Constabulary|Cambridgeshire and Peterborough|city
Southend-on-Sea|Southend-on-Sea City Council|Essex Police|Mid and South Essex|city
Suffolk|Suffolk County Council|Suffolk Constabulary|Suffolk and North East Essex|county
Thurrock|Thurrock Council|Essex Police|Mid and South Essex|borough
""",
    "london": """
Barking and Dagenham|Barking and Dagenham Council|Metropolitan Police Service|North East London|borough
Barnet|London Borough of Barnet|Metropolitan Police Service|North Central London|borough
Bexley|London Borough of Bexley|Metropolitan Police Service|South East London|borough
Brent|Brent Council|Metropolitan Police Service|North West London|borough
Bromley|Bromley Council|Metropolitan Police Service|South East London|borough
Camden|Camden Council|Metropolitan Police Service|North Central London|borough
Croydon|Croydon Council|Metropolitan Police Service|South West London|borough
Ealing|Ealing Council|Metropolitan Police Service|North West London|borough
Enfield|Enfield Council|Metropolitan Police Service|North Central London|borough
Greenwich|Royal Borough of Greenwich|Metropolitan Police Service|South East London|borough
Hackney|Hackney Council|Metropolitan Police Service|North East London|borough
Hammersmith and Fulham|Hammersmith and Fulham Council|Metropolitan Police Service|North West London|borough
Haringey|Haringey Council|Metropolitan Police Service|North Central London|borough
Harrow|Harrow Council|Metropolitan Police Service|North West London|borough
Havering|Havering Council|Metropolitan Police Service|North East London|borough
Hillingdon|Hillingdon Council|Metropolitan Police Service|North West London|borough
Hounslow|London Borough of Hounslow|Metropolitan Police Service|North West London|borough
Islington|Islington Council|Metropolitan Police Service|North Central London|borough
Kensington and Chelsea|Royal Borough of Kensington and Chelsea|Metropolitan Police Service|North West London|borough
Kingston upon Thames|Royal Borough of Kingston upon Thames|Metropolitan Police Service|South West London|borough|Achieving for Children
Lambeth|Lambeth Council|Metropolitan Police Service|South East London|borough
Lewisham|Lewisham Council|Metropolitan Police Service|South East London|borough
Merton|Merton Council|Metropolitan Police Service|South West London|borough
Newham|Newham Council|Metropolitan Police Service|North East London|borough
Redbridge|Redbridge Council|Metropolitan Police Service|North East London|borough
Richmond upon Thames|London Borough of Richmond upon Thames|Metropolitan Police Service|South West London|borough|Achieving for Children
Southwark|Southwark Council|Metropolitan Police Service|South East London|borough
Sutton|Sutton Council|Metropolitan Police Service|South West London|borough
Tower Hamlets|Tower Hamlets Council|Metropolitan Police Service|North East London|borough
Waltham Forest|Waltham Forest Council|Metropolitan Police Service|North East London|borough
Wandsworth|Wandsworth Council|Metropolitan Police Service|South West London|borough
Westminster|Westminster City Council|Metropolitan Police Service|North West London|borough
""",
    "south-east": """
Bracknell Forest|Bracknell Forest Council|Thames Valley Police|Frimley|borough
Brighton and Hove|Brighton and Hove City Council|Sussex Police|Sussex|city
Buckinghamshire|Buckinghamshire Council|Thames Valley Police|Buckinghamshire, Oxfordshire and Berkshire West|county
East Sussex|East Sussex County Council|Sussex Police|Sussex|county
Hampshire|Hampshire County Council|Hampshire and Isle of Wight Constabulary|Hampshire and Isle of Wight|county
Isle of Wight|Isle of Wight Council|Hampshire and Isle of Wight Constabulary|Hampshire and Isle of Wight|island
Kent|Kent County Council|Kent Police|Kent and Medway|county
Medway|Medway Council|Kent Police|Kent and Medway|area
Milton Keynes|Milton Keynes City Council|Thames Valley Police|Bedfordshire, Luton and Milton Keynes|city
Oxfordshire|Oxfordshire County Council|Thames Valley Police|Buckinghamshire, Oxfordshire and Berkshire West|county
Portsmouth|Portsmouth City Council|Hampshire and Isle of Wight Constabulary|Hampshire and Isle of Wight|city
Reading|Reading Borough Council|Thames Valley Police|Buckinghamshire, Oxfordshire and Berkshire West|borough|Brighter Futures for Children
Slough|Slough Borough Council|Thames Valley Police|Frimley|borough|Slough Children First
Southampton|Southampton City Council|Hampshire and Isle of Wight Constabulary|Hampshire and Isle of Wight|city
Surrey|Surrey County Council|Surrey Police|Surrey Heartlands|county
West Berkshire|West Berkshire Council|Thames Valley Police|Buckinghamshire, Oxfordshire and Berkshire West|area
West Sussex|West Sussex County Council|Sussex Police|Sussex|county
Windsor and Maidenhead|Royal Borough of Windsor and Maidenhead|Thames Valley Police|Frimley|borough|Achieving for Children
Wokingham|Wokingham Borough Council|Thames Valley Police|Buckinghamshire, Oxfordshire and Berkshire West|borough
""",
    "south-west": """
Bath and North East Somerset|Bath and North East Somerset Council|Avon and Somerset Police|Bath and North East Somerset, Swindon and Wiltshire|area
Bournemouth, Christchurch and Poole|BCP Council|Dorset Police|Dorset|area
Bristol|Bristol City Council|Avon and Somerset Police|Bristol, North Somerset and South Gloucestershire|city
Cornwall|Cornwall Council|Devon and Cornwall Police|Cornwall and the Isles of Scilly|county
Devon|Devon County Council|Devon and Cornwall Police|Devon|county
Dorset|Dorset Council|Dorset Police|Dorset|county
Gloucestershire|Gloucestershire County Council|Gloucestershire Constabulary|Gloucestershire|county
North Somerset|North Somerset Council|Avon and Somerset Police|Bristol, North Somerset and South Gloucestershire|area
Plymouth|Plymouth City Council|Devon and Cornwall Police|Devon|city
Somerset|Somerset County Council|Avon and Somerset Police|Somerset|county
South Gloucestershire|South Gloucestershire Council|Avon and Somerset Police|Bristol, North Somerset and South Gloucestershire|area
Swindon|Swindon Borough Council|Wiltshire Police|Bath and North East Somerset, Swindon and Wiltshire|borough
Torbay|Torbay Council|Devon and Cornwall Police|Devon|area
Wiltshire|Wiltshire Council|Wiltshire Police|Bath and North East Somerset, Swindon and Wiltshire|county
""",
}

# Named sub-regional partnerships: name -> member places (all in one region).
GROUPS = {
    "Black Country": ["Dudley", "Sandwell", "Walsall", "Wolverhampton"],
    "Tees Valley": ["Darlington", "Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees"],
    "Greater Manchester": ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside",
                           "Trafford", "Wigan"],
    "Merseyside": ["Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"],
    "South Yorkshire": ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    "West Yorkshire": ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"],
    "Pan-Cheshire": ["Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"],
    "Pan-Sussex": ["Brighton and Hove", "East Sussex", "West Sussex"],
}

# NHS trusts by ICB (names the reader splits cleanly).
TRUSTS = {
    "North East and North Cumbria": ["Northumbria Healthcare NHS Foundation Trust", "South Tees Hospitals NHS Foundation Trust",
                                     "County Durham and Darlington NHS Foundation Trust", "Gateshead Health NHS Foundation Trust"],
    "Humber and North Yorkshire": ["Humber Teaching NHS Foundation Trust", "York and Scarborough Teaching Hospitals NHS Foundation Trust"],
    "South Yorkshire": ["Sheffield Children's NHS Foundation Trust", "Rotherham Doncaster and South Humber NHS Foundation Trust",
                        "South West Yorkshire Partnership NHS Foundation Trust"],
    "West Yorkshire": ["Leeds Community Healthcare NHS Trust", "Bradford District Care NHS Foundation Trust",
                       "Mid Yorkshire Teaching NHS Trust"],
    "Cheshire and Merseyside": ["Alder Hey Children's NHS Foundation Trust", "Mersey Care NHS Foundation Trust",
                                "Cheshire and Wirral Partnership NHS Foundation Trust"],
    "Greater Manchester": ["Greater Manchester Mental Health NHS Foundation Trust", "Manchester University NHS Foundation Trust",
                           "Pennine Care NHS Foundation Trust"],
    "Lancashire and South Cumbria": ["Lancashire and South Cumbria NHS Foundation Trust",
                                     "Blackpool Teaching Hospitals NHS Foundation Trust"],
    "Birmingham and Solihull": ["Birmingham Women's and Children's NHS Foundation Trust",
                                "Birmingham and Solihull Mental Health NHS Foundation Trust"],
    "Black Country": ["Black Country Healthcare NHS Foundation Trust", "Walsall Healthcare NHS Trust"],
    "Coventry and Warwickshire": ["Coventry and Warwickshire Partnership NHS Trust",
                                  "South Warwickshire University NHS Foundation Trust"],
    "Herefordshire and Worcestershire": ["Herefordshire and Worcestershire Health and Care NHS Trust"],
    "Shropshire, Telford and Wrekin": ["Shropshire Community Health NHS Trust", "Midlands Partnership University NHS Foundation Trust"],
    "Staffordshire and Stoke-on-Trent": ["Midlands Partnership University NHS Foundation Trust",
                                         "North Staffordshire Combined Healthcare NHS Trust"],
    "Derby and Derbyshire": ["Derbyshire Healthcare NHS Foundation Trust",
                             "Derbyshire Community Health Services NHS Foundation Trust"],
    "Leicester, Leicestershire and Rutland": ["Leicestershire Partnership NHS Trust"],
    "Lincolnshire": ["Lincolnshire Partnership NHS Foundation Trust", "Lincolnshire Community Health Services NHS Trust"],
    "Northamptonshire": ["Northamptonshire Healthcare NHS Foundation Trust"],
    "Nottingham and Nottinghamshire": ["Nottinghamshire Healthcare NHS Foundation Trust"],
    "Bedfordshire, Luton and Milton Keynes": ["East London NHS Foundation Trust", "Bedfordshire Hospitals NHS Foundation Trust"],
    "Cambridgeshire and Peterborough": ["Cambridgeshire and Peterborough NHS Foundation Trust",
                                        "Cambridgeshire Community Services NHS Trust"],
    "Hertfordshire and West Essex": ["Hertfordshire Partnership University NHS Foundation Trust", "Hertfordshire Community NHS Trust"],
    "Mid and South Essex": ["Essex Partnership University NHS Foundation Trust", "Mid and South Essex NHS Foundation Trust"],
    "Norfolk and Waveney": ["Norfolk and Suffolk NHS Foundation Trust", "Norfolk Community Health and Care NHS Trust"],
    "Suffolk and North East Essex": ["Norfolk and Suffolk NHS Foundation Trust", "East Suffolk and North Essex NHS Foundation Trust"],
    "North Central London": ["Whittington Health NHS Trust", "Camden and Islington NHS Foundation Trust",
                             "Barnet Enfield and Haringey Mental Health NHS Trust"],
    "North East London": ["East London NHS Foundation Trust", "North East London NHS Foundation Trust",
                          "Homerton Healthcare NHS Foundation Trust"],
    "North West London": ["Central and North West London NHS Foundation Trust", "West London NHS Trust"],
    "South East London": ["South London and Maudsley NHS Foundation Trust", "Oxleas NHS Foundation Trust",
                          "Lewisham and Greenwich NHS Trust"],
    "South West London": ["South West London and St George's Mental Health NHS Trust", "Croydon Health Services NHS Trust"],
    "Buckinghamshire, Oxfordshire and Berkshire West": ["Oxford Health NHS Foundation Trust",
                                                         "Berkshire Healthcare NHS Foundation Trust",
                                                         "Royal Berkshire NHS Foundation Trust"],
    "Frimley": ["Berkshire Healthcare NHS Foundation Trust", "Frimley Health NHS Foundation Trust"],
    "Hampshire and Isle of Wight": ["Southern Health NHS Foundation Trust", "Solent NHS Trust", "Isle of Wight NHS Trust"],
    "Kent and Medway": ["Kent Community Health NHS Foundation Trust", "Kent and Medway NHS and Social Care Partnership Trust"],
    "Surrey Heartlands": ["Surrey and Borders Partnership NHS Foundation Trust"],
    "Sussex": ["Sussex Partnership NHS Foundation Trust", "Sussex Community NHS Foundation Trust"],
    "Bath and North East Somerset, Swindon and Wiltshire": ["Avon and Wiltshire Mental Health Partnership NHS Trust",
                                                            "Great Western Hospitals NHS Foundation Trust"],
    "Bristol, North Somerset and South Gloucestershire": ["Avon and Wiltshire Mental Health Partnership NHS Trust"],
    "Cornwall and the Isles of Scilly": ["Cornwall Partnership NHS Foundation Trust", "Royal Cornwall Hospitals NHS Trust"],
    "Devon": ["Devon Partnership NHS Trust", "Torbay and South Devon NHS Foundation Trust"],
    "Dorset": ["Dorset HealthCare University NHS Foundation Trust"],
    "Gloucestershire": ["Gloucestershire Health and Care NHS Foundation Trust"],
    "Somerset": ["Somerset NHS Foundation Trust"],
}

VOLUNTARY = ["Barnardo's", "Barnardo's", "NSPCC", "The Children's Society", "The Children's Society", "Catch22",
             "St Giles Trust", "Action for Children", "Missing People", "Victim Support"]

DEPARTMENTS = ["Children's Services", "Public Health", "Early Help", "Youth Justice Service", "Community Safety",
               "Education", "Adult Social Care"]

# Words the reader treats as the end of an organisation's name; names listed without separators
# (run together, or split only by <br>) must each end in one and not start with a connector.
_NAME_ENDS = {"council", "police", "constabulary", "ccg", "icb", "trust", "partnership", "board", "society",
              "service", "barnardo's", "nspcc", "catch22", "college", "homes"}
_STRONG_ENDS = {"council", "police", "constabulary", "ccg", "icb", "trust", "society", "board", "partnership",
                "nspcc", "barnardo's", "catch22"}
_CONNECTORS = {"and", "of", "for", "&", "the", "in", "on", "upon", "with"}
_HEADS = {
    "council", "police", "constabulary", "ccg", "icb", "ics", "trust", "partnership", "partnerships",
    "board", "society", "housing", "homes", "service", "services", "unit", "hub", "team", "college",
    "university", "school", "schools", "academy", "health", "education", "care", "commissioner",
    "authority", "group", "charity", "network", "alliance", "agency", "office", "company", "ltd",
    "limited", "cic", "probation", "nspcc", "barnardo's", "barnardos", "catch22", "ymca",
    "justice", "fire", "rescue", "ambulance", "hospital", "hospitals", "practice", "commission", "project",
}


@dataclass(frozen=True)
class Place:
    name: str
    council: str
    police: str
    icb: str
    kind: str
    region: str
    trust: str | None = None  # a children's services trust or company, where the area has one


def _load_places() -> list[Place]:
    out = []
    for region, block in _PLACES.items():
        for line in block.strip().splitlines():
            parts = line.split("|")
            out.append(Place(parts[0], parts[1], parts[2], parts[3], parts[4], region,
                             parts[5] if len(parts) > 5 else None))
    return out


PLACES = _load_places()
PLACE_BY_NAME = {p.name: p for p in PLACES}


# =====================================================================================================
# People (invented), roles, and vocabulary
# =====================================================================================================

FIRST_NAMES = """Aisha Alan Alice Amara Andrew Angela Anita Anna Arjun Barbara Beth Bridget Caroline Catherine
Claire Colin Craig Daniel Darren David Deborah Dominic Eleanor Elizabeth Emma Fatima Fiona Gareth Gemma Georgia
Graham Hannah Harriet Helen Ian Imran Isabel Jack James Jane Janet Jasmine Joanne John Jonathan Joseph Julie Karen
Kate Kerry Laura Leanne Liam Louise Lucy Maria Mark Martin Matthew Megan Michael Michelle Mohammed Nadia Naomi
Natalie Neil Nicola Nina Oliver Omar Paul Priya Rachel Rajesh Richard Rob Ruth Sarah Simon Sinead Stephen Stuart
Susan Tariq Thomas Tom Victoria Wendy Yasmin Zoe""".split()

LAST_NAMES = """Abbott Adeyemi Ahmed Akhtar Ali Allen Appleby Armstrong Atkinson Bailey Baker Banks Barker Barnes
Bennett Bishop Blackwood Bradley Brennan Brooks Burgess Butler Campbell Carter Chapman Clarke Coleman Collins Cooper
Cunningham Dawson Dixon Doyle Edwards Ellis Evans Farrell Fenwick Fletcher Forbes Foster Francis Gallagher Gibson
Goodwin Graham Grant Griffiths Hall Hamilton Harding Harper Hartley Hassan Hewitt Holland Holt Hughes Hussain Iqbal
Jackson Jenkins Johnson Kaur Kelly Kennedy Khan Knight Lawson Lloyd Lowe Macdonald Malik Marsden Marshall Mason
McCarthy Mitchell Morgan Morris Murphy Nash Newton Nolan Norris Okafor O'Brien O'Neill Osborne Owen Palmer Parker
Patel Pearson Phillips Powell Price Quinn Rahman Reynolds Richards Riley Robinson Rowe Russell Saunders Shah
Sharma Shaw Simpson Singh Stevens Sullivan Taylor Thornton Turner Wainwright Walsh Ward Watson Webb Whitaker
Wilkinson Williams Wood Wright Yates Young""".split()

# People named in the real reports and the invented test cases: never generated.
NOT_GENERATED = {"Sophie Read-Willets", "Alison Jones", "Carol Broughton", "Dez Lambert", "Amy Hurst", "Sian Jones",
                 "Lisa Bird", "Annie Hudson", "Ben Byrne", "Rebecca Godar", "Jo Bloggs", "Pat Doe", "Sam Smith",
                 "Alex Roe", "Chris Doe", "Alex Example"}

LOCAL_TITLES = [
    "Head of Safeguarding", "Assistant Director for Children's Social Care", "Strategic Lead for Exploitation",
    "Safeguarding Children Partnership Manager", "Service Manager for Adolescent Services", "Head of Early Help",
    "Director of Children's Services", "Partnership Business Manager", "Community Safety Manager",
    "Designated Nurse for Safeguarding Children", "Principal Social Worker", "Exploitation Coordinator",
    "Head of Service for Exploitation", "Youth Justice Service Manager", "Chair of the Exploitation Subgroup",
]
POLICE_TITLES = ["Detective Chief Inspector", "Detective Superintendent", "Detective Inspector"]
TCE_TITLES = ["TCE Delivery Lead", "TCE Project Lead", "Programme Lead"]

METHODOLOGY_LABELS = {
    "partnership": ["Partnership", "Partnership", "Partnership", "Partnership working", "Partnerships"],
    "strategy": ["Strategy", "Strategy", "Strategy", "Strategy development", "Strategic"],
    "community-engagement": ["Community engagement", "Community engagement", "Community Engagement",
                             "Community resilience"],
    "transitional-safeguarding": ["Transitional safeguarding", "Transitional safeguarding", "Transitions"],
    "data": ["Data", "Data", "Data and intelligence"],
    "bespoke": ["Bespoke"],
}

# Topic phrases (labels of ontology/topics.ttl) that the prose uses.
TOPIC_PHRASES = {
    "child-exploitation": ["child exploitation", "exploitation of children and young people"],
    "child-criminal-exploitation": ["child criminal exploitation", "criminal exploitation", "county lines"],
    "child-sexual-exploitation": ["child sexual exploitation", "sexual exploitation"],
    "extra-familial-harm": ["extra-familial harm", "harm outside the home"],
    "contextual-safeguarding": ["contextual safeguarding", "contextual approaches"],
    "transitional-safeguarding": ["transitional safeguarding", "the transition to adulthood"],
    "all-age-approach": ["an all-age approach to exploitation", "all-age exploitation"],
    "missing-children": ["missing children", "missing episodes"],
    "modern-slavery-and-trafficking": ["modern slavery", "child trafficking"],
    "early-help-and-prevention": ["early help", "prevention and early intervention"],
    "disruption": ["disruption activity", "perpetrator disruption"],
    "community-engagement": ["community engagement", "community resilience"],
    "voice-of-children-and-families": ["the voice of the child", "youth voice"],
    "governance-and-strategic-mandate": ["governance", "strategic oversight"],
    "workforce-development": ["workforce development", "professional development"],
    "commissioning": ["joint commissioning", "commissioning arrangements"],
    "multi-agency-hubs": ["the multi-agency safeguarding hub", "the exploitation panel"],
    "data-and-intelligence": ["data and intelligence", "information sharing"],
    "inspection-and-quality-assurance": ["quality assurance", "multi-agency audit"],
}
FOCUS_BY_METHOD = {
    "transitional-safeguarding": ["transitional-safeguarding"],
    "community-engagement": ["community-engagement"],
    "data": ["data-and-intelligence"],
}
GENERAL_FOCUS = ["child-criminal-exploitation", "child-sexual-exploitation", "extra-familial-harm",
                 "contextual-safeguarding", "all-age-approach", "missing-children", "child-exploitation",
                 "extra-familial-harm", "contextual-safeguarding", "modern-slavery-and-trafficking"]
# {topic}: forms of harm the prose names in passing; {practice}: parts of the response it names
HARM_TOPICS = ["child-criminal-exploitation", "child-sexual-exploitation", "extra-familial-harm",
               "modern-slavery-and-trafficking"]
HARM_PHRASES = {"child-criminal-exploitation": ["child criminal exploitation", "county lines", "criminal exploitation"],
                "child-sexual-exploitation": ["child sexual exploitation", "sexual exploitation"],
                "extra-familial-harm": ["extra-familial harm", "harm outside the home"],
                "modern-slavery-and-trafficking": ["child trafficking", "modern slavery"]}
PRACTICE_TOPICS = ["early-help-and-prevention", "disruption", "voice-of-children-and-families",
                   "governance-and-strategic-mandate", "workforce-development", "commissioning", "multi-agency-hubs",
                   "inspection-and-quality-assurance", "missing-children", "transitional-safeguarding",
                   "community-engagement", "data-and-intelligence", "contextual-safeguarding"]
PRACTICE_PHRASES = {"early-help-and-prevention": ["early help", "prevention"],
                    "disruption": ["disruption activity", "perpetrator disruption"],
                    "voice-of-children-and-families": ["the voice of the child", "youth voice"],
                    "governance-and-strategic-mandate": ["governance", "strategic oversight"],
                    "workforce-development": ["workforce development", "training for practitioners"],
                    "commissioning": ["joint commissioning", "commissioning arrangements"],
                    "multi-agency-hubs": ["the exploitation panel", "the multi-agency safeguarding hub"],
                    "inspection-and-quality-assurance": ["quality assurance", "multi-agency audit"],
                    "missing-children": ["return home interviews", "the response to missing episodes"],
                    "transitional-safeguarding": ["transitional safeguarding", "the transition to adulthood"],
                    "community-engagement": ["community engagement", "community resilience"],
                    "data-and-intelligence": ["information sharing", "data and intelligence"],
                    "contextual-safeguarding": ["contextual safeguarding", "contextual approaches"]}
# how the report names its focus (the topics a project is about)
FOCUS_PHRASES = {
    "community-engagement": ["community engagement in tackling exploitation", "engaging communities in the response to exploitation"],
    "data-and-intelligence": ["the use of data and intelligence about exploitation", "information sharing about exploitation"],
    "transitional-safeguarding": ["transitional safeguarding", "safeguarding young people through the transition to adulthood"],
    "contextual-safeguarding": ["contextual safeguarding", "contextual approaches to extra-familial harm"],
    "all-age-approach": ["all-age exploitation", "an all-age response to exploitation"],
    "child-exploitation": ["child exploitation", "the exploitation of children and young people"],
    "missing-children": ["children who go missing", "missing children"],
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FIRST_MONTH = 2019 * 12 + 5  # June 2019 (months counted from year 0, January = 0)
N_MONTHS = 46  # June 2019 - March 2023
ICB_FROM = 2022 * 12 + 6  # July 2022: CCGs became integrated care boards

# Cited resources: (title, url, how a footnote introduces it). Invented but plausible.
RESOURCES = [
    ("Contextual Safeguarding Network", "https://www.csnetwork.org.uk/",
     "Guidance and tools for contextual approaches are published by the Contextual Safeguarding Network"),
    ("Joining the Dots framework", "https://tce.researchinpractice.org.uk/joining-the-dots/",
     "The thematic approach of the programme is described on the microsite"),
    ("transitional safeguarding briefing", "https://tce.researchinpractice.org.uk/transitional-safeguarding-from-adolescence-to-adulthood/",
     "The case for transitional safeguarding is set out in this briefing"),
    ("rapid evidence review on community engagement", "https://tce.researchinpractice.org.uk/community-engagement-in-tackling-child-exploitation-rapid-review/",
     "For a rapid evidence review of evidence about community engagement"),
    ("use of tools and checklists to assess risk", "https://tce.researchinpractice.org.uk/the-use-of-tools-and-checklists-to-assess-risk-of-exploitation/",
     "It is important to be aware of the potential problems around risk assessing children and young people for exploitation, as this research highlights"),
    ("young person's voice resources", "https://tce.researchinpractice.org.uk/topic/young-persons-voice/",
     "There is strong evidence about the importance of listening to the views and experiences of children and young people"),
    ("strategic briefing on child criminal exploitation", "https://tce.researchinpractice.org.uk/child-criminal-exploitation-strategic-briefing/",
     "A summary of the evidence on criminal exploitation is available in this strategic briefing"),
    ("peer group mapping guidance", "https://www.csnetwork.org.uk/en/peer-group-mapping-guidance-for-practitioners",
     "Peer group mapping is described in guidance from the Contextual Safeguarding Network"),
    ("county lines and rural exploitation briefing", "https://tce.researchinpractice.org.uk/county-lines-and-rural-exploitation/",
     "Rural exploitation is explored in this Research in Practice briefing"),
    ("Working Together to Safeguard Children", "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
     "The statutory guidance sets out the duties of the three safeguarding partners"),
    ("Wood review of multi-agency safeguarding arrangements", "https://www.gov.uk/government/publications/wood-review-of-multi-agency-safeguarding-arrangements",
     "Clarity on accountability and delegation were key themes highlighted in the Wood review of multi-agency safeguarding arrangements"),
    ("data and intelligence resources", "https://tce.researchinpractice.org.uk/using-data-to-understand-child-exploitation/",
     "Resources on using data to understand the local picture were developed for the programme"),
    ("bridging the gap briefing", "https://www.researchinpractice.org.uk/adults/publications/2021/june/bridging-the-gap-transitional-safeguarding-and-the-role-of-social-work-with-adults/",
     "Research in Practice (2021) Bridging the gap: transitional safeguarding and the role of social work with adults"),
    ("interview on effective partnership working", "https://tce.researchinpractice.org.uk/what-makes-partnership-working-effective-interview/",
     "The importance of effective partnership working has been a recurrent theme across the programme's work with local areas"),
    ("national referral mechanism briefing", "https://tce.researchinpractice.org.uk/national-referral-mechanism-briefing/",
     "The National Referral Mechanism and its use for children is explained in this briefing"),
    ("missing children guidance", "https://www.gov.uk/government/publications/children-who-run-away-or-go-missing-from-home-or-care",
     "The statutory guidance on children who run away or go missing from home or care is available here"),
    ("safeguarding partnership annual report", "https://www.example-safeguarding-partnership.org.uk/annual-report-2020-21/",
     "The safeguarding partnership's annual report sets out the local picture"),
    ("trauma-informed practice podcast", "https://tce.researchinpractice.org.uk/podcast-trauma-informed-practice-with-adolescents/",
     "Trauma-informed practice with adolescents is discussed in this podcast"),
    ("systemic leadership blog", "https://tce.researchinpractice.org.uk/blog-leadership-and-influence-in-complex-systems/",
     "The role of influence in strategic leadership is explored in a blog for the programme"),
    ("child exploitation disruption toolkit", "https://www.gov.uk/government/publications/child-exploitation-disruption-toolkit",
     "The disruption toolkit brings together the legal powers available to partners"),
    ("Barnardo's research on online harm", "https://www.barnardos.org.uk/research/online-harm-and-exploitation-of-young-people",
     "Barnardo's research on online harm describes how exploitation moves between online and offline spaces"),
    ("Children's Society guidance on language", "https://www.childrenssociety.org.uk/information/professionals/resources/appropriate-language",
     "The Children's Society has published guidance on the language professionals use about exploitation"),
    ("NSPCC learning on child protection in schools", "https://learning.nspcc.org.uk/research-resources/schools/child-protection-and-exploitation",
     "The role of schools is discussed in NSPCC learning resources"),
    ("evaluation of the multi-agency hub", "https://tce.researchinpractice.org.uk/evaluation-of-a-multi-agency-exploitation-hub/",
     "An evaluation of a co-located exploitation hub sets out the benefits of co-location"),
    ("Local Government Association guide", "https://www.local.gov.uk/publications/tackling-child-exploitation-resource-councils",
     "The Local Government Association has published a resource for councils"),
    ("joint targeted area inspection report", "https://www.gov.uk/government/publications/joint-inspections-of-child-exploitation",
     "The themes of recent joint targeted area inspections are summarised here"),
]

LOST_TITLES = ["rapid evidence scope", "briefing", "blog post", "microsite", "Research in Practice briefing",
               "evaluation of the Alexi Project", "data briefing", "community engagement podcast",
               "resources developed for the TCE Programme", "Joining the Dots resources", "learning from other areas",
               "practice tool on safety mapping", "strategic self-assessment tool", "short film for practitioners",
               "webinar recording", "case study from another area", "evidence scope on adolescent safeguarding",
               "guide to peer reviews"]


# =====================================================================================================
# Prose: banks of sentence templates with slots
# =====================================================================================================
# Slots: {P} partnership, {Ps} its possessive, {area} ("the county"), {focus} the project's focus,
# {topic} another topic, {council} {police} {health} {vol} {spart} {agency} agencies, {region} region,
# {mode} delivery ("online"), {num} a number word, {orig} a month name.

REASONS = [
    "{P} originally approached the Tackling Child Exploitation (TCE) Support Programme for support in building on the foundations which were already in place around {focus}.",
    "In their initial application to the TCE Support Programme, partners in {P} identified that they wanted to develop a shared approach to {focus}.",
    "{P} requested support from the TCE Programme to provide external challenge to its developing work on {focus} across {area}.",
    "The {spart} requested bespoke support as an opportunity for exposure and challenge in order to strengthen the partnership's work on {focus}.",
    "Partners had seen an increase in the number of young people drawn into {topic} and wanted support to understand how peer groups, places and online spaces were connected.",
    "This priority was set within the wider safeguarding partnership context, which included a shift in emphasis from child sexual exploitation to exploitation more broadly.",
    "Following a recent inspection, leaders recognised that the partnership needed a clearer shared understanding of {focus} and of the role each agency plays in it.",
    "Reflections from the partnership centred on the increasing difficulty of managing complexity and risk as young people approach their eighteenth birthday.",
    "The partnership demonstrated in its application a strong appetite for joint working and a cross-partnership commitment to improving its approach to {focus}.",
    "Local leaders wanted to move from a collection of single agency responses towards a shared partnership strategy owned by all three statutory safeguarding partners.",
    "A commitment to working in partnership on this priority had already been made, and partners wanted external support to take the next step.",
    "{P} had recently restructured its exploitation services and wanted an external view of how well partners were working together to prevent harm.",
    "Partners held a great deal of information about young people at risk of exploitation, but it was spread across different systems and rarely brought together.",
    "{police} and {council} had each developed their own response to {topic}, and leaders wanted to understand whether a shared approach would help young people who move across {area}.",
    "Covid-19 had changed the way young people were being targeted, and partners were keen to understand what this meant for their work on {focus}.",
    "There was a recognition that the existing exploitation strategy had been written before the partnership's understanding of {focus} had developed, and that it no longer reflected local practice.",
    "Leaders were concerned that young people who did not meet the threshold for statutory services were not always receiving the support they needed.",
    "Practitioners had raised concerns about {topic}, and the partnership wanted to make sure that its strategic response kept pace with what they were seeing on the ground.",
    "The partnership wished to ensure that the principles underpinning its strategy reflected the needs of {area} and the spread of services across it.",
    "In recognition of the multiple and complex impacts of Covid-19 on exploitation responses, {P} had already begun its own reflective journey on the pathways and procedures that make up its approach.",
]
REASONS_LEAD = ["Specifically there was a request for the programme to support the partnership in:",
                "In particular, partners asked for support with the following:",
                "The application identified three areas where support would be most useful:"]
REASONS_ITEMS = [
    "Establishing shared partnership intentions across partner organisations, making commitment and accountability explicit.",
    "Working through what is known and not known about {focus} in {P}.",
    "Identifying any potential gaps within the current response and agreeing how to close them.",
    "Building confidence across the partnership in holding risk through improved multi-agency working.",
    "Developing a shared language about exploitation that every agency can use with young people and families.",
    "Understanding how {topic} affects young people across {area}.",
    "Reviewing the audit tools and quality assurance processes used by the partnership.",
]

GOALS = [
    "Following initial discussions with key local partners, the overarching goal of the project was agreed as developing a clear set of principles to underpin strategic activity on {focus} across {P}.",
    "The overarching objective for {P} was to identify what 'good' looks like in its approach to {focus}, with a view to supporting the partnership in the development of its strategy.",
    "The change goal agreed during scoping was to strengthen the way partners work together on {focus}, with a particular emphasis on earlier intervention.",
    "As part of the early scoping phase, the change goal for the project was identified as developing a coordinated and system wide approach to {focus}.",
    "The partnership identified its shared goal for the project as contributing to the development of an effective strategic and operational approach to {focus}.",
    "It was hoped the BSP would support the partnership to establish a robust understanding of {focus} in {P} and increase its confidence in its ability to respond.",
    "Throughout the scoping phase of the project, local leads agreed that the goal was to develop a revised, shared strategy for {focus} which is jointly owned across the partnership.",
    "The goal of the project was to agree how partners in {P} would work together on {focus}, so that children who are exploited are treated as victims first.",
]
GOALS_MORE = [
    "Part of the work with TCE was to identify actions for priority work streams to support implementation.",
    "These foundational issues were prioritised and agreed as the change goals for the BSP.",
    "Further discussions with the local area identified foundational issues that needed to be addressed to create the right conditions before moving to the development of a strategy.",
    "The strategy would build on an existing vision for {focus} agreed by the partnership earlier in the year.",
    "Specific focus centred on what the partnership now needs to achieve and what it needs to do to get there.",
]
GOALS_LEAD = ["In support of this, the TCE delivery team agreed to work with local partners to begin exploring the following areas:",
              "In order to work towards this, it was agreed that the TCE delivery team would support the partnership in:",
              "The delivery team were asked to work with local partners on the following:"]
GOALS_ITEMS = [
    "Reflecting on what is currently in place across the system.",
    "Considering what is currently working well and identifying where further work is required.",
    "Agreeing core principles that underpin what the partnership would like to achieve.",
    "Mapping current activity across the partnership in relation to {focus}.",
    "Identifying the data needed to understand the local picture of {topic}.",
    "Developing an action plan which enables the partnership to take its strategy forward.",
    "Exploring how the voice of young people can inform the partnership's response.",
    "Developing a clear understanding of strategic roles and responsibilities across the partnership.",
    "What do partners mean by {focus} and how does that definition inform this work?",
    "What role can communities take in developing a strategic response to exploitation?",
]

APPROACHES = [
    ("Scoping conversations", "Scoping conversations were held with each partner agency, {mode}."),
    ("Individual agency conversations", "Single agency conversations were held with senior leaders responsible for teams and services with a strategic interest in tackling exploitation."),
    ("Partnership workshops", "{Num} partnership workshops brought together strategic and operational leads to reflect on the local approach to {focus}."),
    ("Mapping", "A mapping exercise helped the partnership to develop awareness of the services, initiatives and responses available in relation to {topic}."),
    ("Evidence review", "The TCE Evidence Team produced a briefing pulling together current research on {focus} and posing reflective questions for local colleagues."),
    ("Light touch strategy review", "The delivery team undertook a light touch review of an early draft of the partnership's strategy, signposting local colleagues to emerging practice from other areas."),
    ("Data workshops", "Two workshops used data as the lens to unpick the partnership approach to {topic}."),
    ("Practitioner focus group", "A focus group with frontline practitioners from {agency} explored how the current response feels in practice."),
    ("Case review", "A review of recent multi-agency cases identified what helped and what got in the way."),
    ("Feedback from young people", "A feedback session was held with young people supported by {vol}."),
    ("Senior leadership briefing", "A briefing session with the safeguarding partnership executive secured a strategic mandate for the work."),
    ("Action planning", "A final action planning session gave the group space to move from raising issues to committing to specific areas of action."),
    ("Reflective sessions", "A series of online reflective sessions supported the core group between workshops."),
    ("Community conversations", "Community conversations with faith and residents' groups explored how communities understand {topic}."),
    ("Peer group mapping", "Peer group mapping sessions with practitioners drew on contextual approaches to assessing risk."),
    ("Walk and talk", "A walk and talk with youth workers visited the places young people said they felt least safe."),
]
APPROACH_DETAIL = [
    "Each session had accompanying reading and pre-session activities.",
    "The sessions were designed with local leads so that they built on work already under way.",
    "Reflections from this activity were shared back with the core group before the next phase began.",
    "This gave local colleagues a range of different means to engage and contribute as the project developed.",
    "The themes that emerged were used to shape the rest of the project.",
    "Participants were encouraged to bring examples from their own practice.",
]
APPROACH_INTRO = [
    "The approach adopted throughout the project was one of exploration, reflection and developing an understanding of the evidence base.",
    "The approach adopted throughout delivery of the project was one of creating and holding space for the partnership to develop a collective approach.",
    "Although originally due to begin in {orig}, the start of this project was put on hold whilst the TCE team revised the delivery approach.",
    "The project was delivered {mode} over {dur} months.",
    "Throughout the project, a range of different methods were used to support delivery.",
    "The approach was one of reflection, collaboration and exploration with an emphasis on the co-creation of shared partnership actions.",
]
APPROACH_LEADS = ["Specifically, the project comprised:", "The focus of each element was as follows:",
                  "The project included:"]
APPROACH_CLOSE = [
    "Throughout the BSP, actions and key themes were identified and reflected back to the group by the TCE Project Lead, and factored into the planning of the next workshops.",
    "This mix of activity allowed the delivery team to gain a good understanding of local context, partnership priorities, challenges and opportunities.",
    "This was to ensure that delivery remained focused on the local area's identified needs.",
    "Ending the BSP with an action planning session provided the basis for local colleagues to produce a plan to drive them forwards beyond the life of TCE involvement.",
]

ISSUE_HEADS = [
    "Leadership and strategic direction", "Managing capacity across the partnership landscape",
    "Local need and the wider regional focus", "Working across partnership boundaries",
    "Strategic mandate underpinning the project", "Operational issues and the overall strategic vision",
    "Digital delivery", "Creating the right environment for change", "Value of shared principles and priorities",
    "Youth and community voice", "Different definitions and recording practice", "Capacity for cross-border work",
    "Engaging communities online", "Timing and competing priorities", "Scale and geography of the area",
    "Involving partners beyond the statutory three", "Different thresholds across services",
    "Notions and understandings of community", "When to pause and when to capture learning",
    "Changes in key personnel", "Victim or offender", "Sharing information across agencies",
    "Keeping the focus on young people", "Holding the work between meetings",
]
LEARNING_HEADS = [
    "The importance of strong foundations", "The power of pausing and reflecting on what is strong",
    "Visible leadership and the role of influence", "The importance of relationships", "Permission giving",
    "Professional safety and actual safety", "Securing a strategic mandate early",
    "The value of collective time to reflect", "Purposeful involvement of a range of partners",
    "Separating the operational and the strategic", "Start with a shared language",
    "Mixed delivery can widen participation", "Communities need a reason to trust",
    "Agree the question before the data", "Put adult services in the room from the start",
    "Hearing from children, young people and families", "Balancing capacity with the need to deliver at pace",
    "Small steps can build momentum", "Strategy is only as strong as its implementation", "Use what already exists",
]
# Observations, usable under key issues and learning.
OBSERVATIONS = [
    "Throughout the project, a recurring theme was what conditions were required to underpin change and progress in {P}.",
    "Early in the scoping phase it was highlighted that the partnership was in the process of expanding its membership at both strategic and operational levels.",
    "One of the key principles of the TCE programme is to work alongside local areas, recognising them as experts in their local context.",
    "The role of delivery teams is not to take ownership of local issues, but to support and enable the conditions for local leaders to do so.",
    "Capacity was noted as a significant issue, with a number of core meetings being cancelled as a result.",
    "In taking time to reflect with the delivery team, the core group determined that the strategic mandate could be sought in a number of different ways.",
    "Partners described the challenge of developing a single strategy that reflects the very different experiences of young people in urban, rural and coastal communities.",
    "The delivery team reflected this back and encouraged the core group to hold the tension between consistency and local flexibility.",
    "{agency} joined the core group part way through the project and brought a valuable perspective on prevention.",
    "Partners recognised that other agencies, particularly schools and the voluntary sector, had been less visible in the work.",
    "Senior leaders reflected on the importance of modelling good practice as part of creating the right environment for change.",
    "Many felt time-poor in their roles due to competing priorities such as high caseloads and increasing complexity in need.",
    "Being consistent in ways of working across different partnerships emerged as a key element of good practice.",
    "The partnership reflected that it is the 'how' that matters as much as the 'what'.",
    "Each agency recorded exploitation differently, which made it difficult to compare data across {area}.",
    "Leaders were committed to working together but noted that each authority faced its own inspection and budget pressures.",
    "Some community members were wary of talking to statutory services about young people they knew.",
    "The voices heard most often were not always those of the young people most affected by {topic}.",
    "Practitioners described a tension between holding young people to account and recognising them as victims.",
    "The project coincided with the recruitment of a new head of service, which slowed agreement on some actions.",
    "Delivering the project {mode} meant that familiar approaches to building relationships had to be adapted.",
    "The delivery team adapted by introducing single agency conversations after a wider workshop was cancelled.",
    "Many of the early discussions centred on operational issues within the local response to {topic}.",
    "The delivery team supported the partnership to notice when discussions reverted to operational issues.",
    "Strategic oversight of exploitation sat across three partnerships, and partners sought clarity about where governance sat.",
    "Local leaders took a deliberate decision to focus on the needs of young people in {P} rather than on a wider footprint.",
    "Thinking broadly about where responsibility for {focus} sits was central to moving forward.",
    "Partners found that agreeing what they meant by exploitation, {focus} and {topic} was a necessary first step.",
    "There was a strong recognition that the partnership will want to engage children and parents and build relationships with its communities.",
    "Looking beyond the membership of the existing sub group allowed different questions to be asked and different solutions to be explored.",
    "Whilst there were no easy answers, this highlighted the importance of a local area being able to critically reflect on who is served by its processes.",
    "Partners valued having time to meet each other to both speak and hear about service offers, barriers and enablers.",
    "Local partners reflected on the importance of supporting young people as they move towards independence.",
    "The binary boundaries between risk and rights had filtered through into ways of thinking which were unhelpful for young people.",
    "Key learning from this project was about the need for strategic leaders to give explicit permission for new ways of working.",
    "It was also interesting to consider where permission lies within a system and who has the power to give it.",
    "Developing strong foundations allowed local partners to start from a position of strength.",
    "Governance, internal awareness raising, disruption and information sharing were particular areas of focus.",
    "Projects led by local voluntary organisations represent a real strength and a significant opportunity for statutory partners.",
    "Working alongside communities requires some sharing of power and the building of relationships founded on trust.",
    "Exploitation is a priority for both the safeguarding and community safety partnerships in {P}.",
    "When resources are stretched and multiple priorities are at play, it can be tempting to pause developmental activity.",
    "Local colleagues recognised the momentum that was building and looked for ways to incorporate the work within existing activity.",
    "Strategic mandate often comes at an executive level, but implementation can be led by a coalition of senior operational managers.",
    "The group involved in the project grew with each phase, and each person joining was invited to bring a different perspective.",
    "Agendas that sought to blend the operational and the strategic quickly became saturated with pressing operational issues.",
    "The shift to {focus} had a significant impact on local partners and on the direction that the project took.",
    "Partners were clear that the response to {topic} could not sit with one agency alone.",
    "{police} colleagues were keen to understand how their disruption activity could be more visible to partners.",
    "Health colleagues from {health} offered to share learning from their own safeguarding reviews.",
    "The conversations showed how much goodwill exists between {council} and its partners.",
    "The partnership was eager to understand how it could listen to the voices of children, young people and parents.",
    "Conversations about {practice} came up in almost every session.",
    "Partners agreed that {practice} would need to be part of the next phase of the work.",
    "Several partners felt that {practice} had not yet received the attention it needed.",
    "The delivery team encouraged partners to consider how {practice} could support the emerging strategy.",
]

THEME_STATED = {
    "leading-with-care": ["Leading with care", "Leading with care", "Leading with Care"],
    "bridging-boundaries": ["Bridging boundaries", "Bridging boundaries", "Blurring boundaries", "Bridging Boundaries"],
    "holding-complexity": ["Holding complexity, uncertainty and curiosity", "Holding complexity, uncertainty and curiosity",
                           "Working with complexity, curiosity and uncertainty",
                           "Holding complexity, curiosity and uncertainty"],
}
THEME_SENTENCES = {
    "leading-with-care": [
        "Throughout this project, we saw the concept of leading with care emerge in a number of different ways.",
        "Senior leaders in {P} showed a strong commitment to the wellbeing of the practitioners working with exploitation.",
        "The core group spoke openly about the emotional impact of the work and about the importance of supervision and reflective space.",
        "Leaders recognised that practitioners were being asked to make difficult judgements, and committed to backing their professional judgement.",
        "Leaders showed care by listening to the frustrations of community members about past experiences of services without becoming defensive.",
        "A shared understanding of the purpose of the partnership, where there is respect for the constraints leaders work under, can be a key enabler.",
        "As a partnership, {P} looked at the strengths it had in place and used these as its starting point.",
        "Leaders recognised the pressure on staff and protected time for them to take part in the workshops.",
        "Care was shown in the way partners held each other to account without apportioning blame.",
        "The project gave leaders space to reflect on how they model the relationships they hope practitioners will build with young people.",
    ],
    "bridging-boundaries": [
        "Bridging boundaries was a core theme for the work in {P}.",
        "The project saw new connections made between children's services, community safety and health.",
        "Partners began to discuss how the response to exploitation continues once a young person turns eighteen.",
        "It was also an example of working across children and adult services, reflecting that exploitation has no age barriers.",
        "A mix of statutory and voluntary organisations worked together to provide a wide-ranging response.",
        "Community groups and statutory partners began to see each other as part of the same response.",
        "By using the resources and structures of the Community Safety Partnership, partners were able to think differently about where the work sits.",
        "The project bridged the geographical boundaries between neighbouring authorities as well as professional boundaries.",
        "Police, youth justice and social care practitioners agreed a shared language for talking about children who are exploited.",
        "Questions arose around the transition from children's to adult services and the understanding of exploitation as experienced by adults.",
    ],
    "holding-complexity": [
        "For the TCE delivery team, holding complexity, uncertainty and curiosity underpinned the approach to this project.",
        "The core group were willing to sit with uncertainty about the scale of exploitation and to ask difficult questions about what the data did and did not show.",
        "Curiosity and willingness were observed throughout the project.",
        "Partners accepted that there would not always be a clear answer, and agreed to review difficult cases together rather than alone.",
        "By leaning into the complexity of different partnership structures, local colleagues were able to think creatively about how to secure a strategic mandate.",
        "Remaining curious about what partners want to know provided a means of approaching discussions from a fresh perspective.",
        "Partners were curious about why some young people did not come to the attention of services until a crisis.",
        "The question of definitions highlighted the complexity at play within this work.",
        "Partners accepted that a single approach across {area} would need local variation.",
        "The team recognised the value of individual agency conversations in surfacing what might not ordinarily be said in a partnership setting.",
    ],
}
JOINING_INTRO = ("Describes the thematic approach taken by the TCE Support Programme to respond to system challenges. "
                 "These three themes are intended to prompt new and innovative thinking and constructively challenge "
                 "the status quo by encouraging the sector to make new links and approach strategic decisions from new "
                 "angles and perspectives.")

EVIDENCE_INTRO = [
    "Throughout the project, we noted a number of positive movements towards system change begin to emerge.",
    "Reflections from both the delivery team and local partners suggest that the learning from the project is beginning to inform local activity.",
    "The TCE delivery team worked with local partners to shape the project to provide a jumping off point for the partnership.",
    "Much of the learning captured within this report has been mirrored through conversations with local partners across {P}.",
    "Although these differ in scale, they collectively provide a basis for emerging evidence of a shift in the strategic approach to {focus}.",
]
EVIDENCE_LEAD = ["Examples include:", "The following changes were observed by the end of the project:",
                 "The partnership has made the following commitments:", "Examples of this include:"]
ACTIONS = [
    "A draft strategy for {focus} has been agreed in principle by the {spart}.",
    "{police} now attends the exploitation sub-group as a standing member.",
    "A joint data set on child exploitation is being developed by {police} and {council} analysts.",
    "A young people's advisory group will be consulted on the strategy before it is published.",
    "Membership, chairing and terms of reference for the exploitation sub group are being reviewed.",
    "Work is underway exploring links across the strategic partnership landscape to determine what data can be drawn together.",
    "Joined up, multi-agency discussions around commissioning are being progressed to ensure strategic oversight of funding rounds.",
    "Relationships have been strengthened between strategic partnerships at a senior level.",
    "A series of strategic questions about {topic} has been developed to help partners understand the local picture.",
    "Links between the exploitation panel and the Community Safety Partnership delivery group have been formalised.",
    "The partnership approach to soft intelligence is being reviewed.",
    "The workforce development plan is being reviewed in relation to {topic}.",
    "There has been a shift away from individuals holding this area of work to a collective sense of ownership.",
    "The partnership has committed to organising multi-agency shadowing opportunities and networking events.",
    "The partnership is now in active conversations with existing service user groups about how to engage community voices.",
    "A planned session with executive leaders will share learning from the project and inform strategic thinking.",
    "A community reference group on exploitation has been created.",
    "{police} neighbourhood teams will report back to community groups on action taken after concerns are shared.",
    "A protocol for children who go missing has been signed by partners.",
    "Return home interviews are now shared with the police.",
    "A shared one-page script explaining the partnership's approach is in use across all partner agencies.",
    "The exploitation panel now considers young people up to the age of 25.",
    "A transitions worker post has been funded for two years.",
    "A quarterly joint exploitation profile will be produced by the police analyst team.",
    "The audit tools used by the partnership have been revised to consider extra-familial harm as well as intra-familial harm.",
    "A task and finish group has been established to take forward the actions agreed in the final workshop.",
    "Partners have agreed to review difficult cases together rather than alone.",
    "{health} has agreed to lead a review of health representation at the exploitation panel.",
    "{vol} has joined the core group and will help shape the next phase of the work.",
    "The local child exploitation strategy is being refreshed using the principles agreed during the project.",
    "A practitioner network on {topic} has been set up and meets every quarter.",
    "Training on {topic} has been commissioned for practitioners across the partnership.",
    "The risk assessment tools used by the partnership are being reviewed in light of the evidence shared during the project.",
    "A multi-agency audit of cases involving {topic} is planned for the next financial year.",
    "Feedback from young people is now a standing item at the strategic exploitation group.",
    "The safeguarding partnership has agreed to publish a short guide to its approach to {focus}.",
    "A shared language document has been agreed and circulated to all partner agencies.",
    "A pathway for young adults at risk of exploitation is being designed with adult social care.",
    "A lead officer for {focus} has been identified in each statutory partner.",
    "Partners have agreed a timetable for reporting progress to the safeguarding partnership executive.",
    "A review of {practice} has been added to the work plan of the exploitation sub-group.",
    "Senior leaders have agreed to report on {practice} to the safeguarding partnership executive twice a year.",
]
EVIDENCE_CLOSE = [
    "The momentum and enthusiasm of this group will be built on after the life of the TCE delivery team's involvement.",
    "The timing of the work alongside wider strategic developments has allowed local leads to consider how best to take this forward.",
    "The TCE delivery team are exploring opportunities for this learning to be shared with other partnerships in the {region} region.",
]
IMMEDIATE = [
    "We would like to thank the TCE team for the opportunity to work with them on exploitation in {P}.",
    "The project has allowed the partnership to reflect and focus on what has worked well and on the direction we want to take moving forward.",
    "We will ensure the learning report is shared within the appropriate forums so that exploitation continues to be a focus.",
    "The workshop format provided a dedicated space for partners to consider the current position, which we already knew needed some revision.",
    "The project came at the right time for us and gave us space to step back from day to day pressures.",
    "We would like to thank TCE colleagues for their commitment to this process.",
    "The project challenged us to think about communities as partners rather than audiences.",
    "Working {mode} made it possible for colleagues from across {area} to take part.",
    "We now have a shared foundation to build on and a clear set of next steps.",
    "The action plan developed in the final session will be overseen by the {spart}.",
    "We are keen to share our learning with other partnerships in the {region} region.",
    "Some of the conversations were challenging, but they were the conversations we needed to have.",
    "The external perspective offered by the delivery team helped us to see our own system more clearly.",
    "The momentum built during the project will be carried forward through the exploitation sub-group.",
]
LINK_SENTENCES = [
    "The delivery team also shared the {link} to support a discussion about {topic}.",
    "Partners drew on the {link} when considering next steps.",
    "Other areas may find the {link} a useful starting point.",
    "More information about this approach is available in the {link}.",
    "These sessions drew on the {link}.",
    "Local colleagues were signposted to the {link}.",
]
TICK = ("Please tick this box if there is an agreement for the Project Learning Report to be shared via the "
        "TCE Support programme's Microsite for other local areas:")
NUM_WORDS = ["two", "three", "four", "five", "six"]
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# =====================================================================================================
# The sequence of projects: report k -> (partnership, start month), distinct for every k
# =====================================================================================================

@dataclass(frozen=True)
class Area:
    key: str
    name: str  # the partnership's name
    places: tuple[Place, ...]
    region: str
    kind: str  # single | pair | triple | group


def _plain_name(p: Place) -> bool:
    return " and " not in p.name and "," not in p.name


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


PAIRS_PER_REGION = 110


@lru_cache(maxsize=8)
def _areas(seed: int) -> tuple[Area, ...]:
    """Every partnership the generator can describe, in the seed's order: single areas, named groups and
    pairs/triples sharing a police force first (shuffled together), then more pairs of areas in one region."""
    rng = random.Random(f"tce-bench/{seed}/areas")
    primary: list[Area] = [Area(p.name, p.name, (p,), p.region, "single") for p in PLACES]
    for name, members in GROUPS.items():
        ps = tuple(PLACE_BY_NAME[m] for m in members)
        primary.append(Area(name, name, ps, ps[0].region, "group"))
    taken: set[tuple[str, ...]] = set()
    by_force: dict[str, list[Place]] = {}
    for p in PLACES:
        if _plain_name(p):
            by_force.setdefault(p.police, []).append(p)
    for force in sorted(by_force):
        ps = by_force[force]
        for a, b in zip(ps, ps[1:]):
            taken.add((a.name, b.name))
            primary.append(Area(f"{a.name}+{b.name}", f"{a.name} and {b.name}", (a, b), a.region, "pair"))
        if len(ps) >= 3:
            trio = tuple(ps[:3])
            primary.append(Area("+".join(p.name for p in trio), _join_names([p.name for p in trio]), trio,
                                trio[0].region, "triple"))
    rng.shuffle(primary)
    # then more pairs, a region at a time in turn so that regions with many authorities (London) do not
    # crowd out the rest: neighbours first (one ICB, or one police force outside London), at most
    # PAIRS_PER_REGION in a region
    pairs: dict[str, list[Area]] = {}
    for region in REGION_NAMES:
        ps = [p for p in PLACES if p.region == region and _plain_name(p)]
        near: list[Area] = []
        far: list[Area] = []
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                if (a.name, b.name) not in taken:
                    pair = Area(f"{a.name}+{b.name}", f"{a.name} and {b.name}", (a, b), region, "pair")
                    neighbours = a.icb == b.icb or (a.police == b.police and region != "london")
                    (near if neighbours else far).append(pair)
        rng.shuffle(near)
        rng.shuffle(far)
        pairs[region] = (near + far)[:PAIRS_PER_REGION]
    longest = max(len(group) for group in pairs.values())
    return tuple(primary + [group[i] for i in range(longest) for group in pairs.values() if i < len(group)])


def _project(k: int, seed: int) -> tuple[Area, int, int]:
    """(area, start month index, round) of report k: round r is the r-th project of the same partnership,
    started in a month no earlier project of that partnership used."""
    areas = _areas(seed)
    r, i = divmod(k - 1, len(areas))
    if r >= N_MONTHS:
        raise ValueError(f"at most {len(areas) * N_MONTHS} distinct projects can be generated")
    area = areas[i]
    months = list(range(N_MONTHS - 6))  # leave time for the project to run and be signed off
    random.Random(f"tce-bench/{seed}/months/{area.key}").shuffle(months)
    if r < len(months):
        return area, months[r], r
    return area, N_MONTHS - 6 + (r - len(months)), r


# =====================================================================================================
# The plan of one report: every field as the generator intends the reader to find it
# =====================================================================================================

@dataclass
class Signatory:
    side: str  # local-area | tce-lead
    name: str
    role: str | None
    date: str  # ISO date


@dataclass
class ReportPlan:
    k: int
    seed: int
    file_name: str
    layout: str
    partnership: str
    places: list[str]
    region: str  # slug
    region_name: str
    stated_region: str
    agencies: list[str]
    local_authority_count: int
    local_authorities: list[str]
    stated_local_authorities: str
    size: str
    methodologies: list[str]  # slugs
    stated_methodology: str
    delivery: str  # digital | face-to-face | mixed
    stated_delivery: str
    commenced: str  # YYYY-MM
    ended: str | None
    stated_dates: str
    focus_topics: list[str]
    themes: list[str]
    n_approaches: int
    n_key_issues: int
    n_learning: int
    n_actions: int
    n_resources: int
    signatories: list[Signatory]
    verbosity: float
    expected_warnings: list[str] = field(default_factory=list)  # substrings of warnings the reader should give
    # rendering choices, decided with the plan so the text stream stays independent of them
    summary: bool = False
    immediate_empty: bool = False
    signoff_style: str = "bold"
    agency_style: str = "comma"
    abbreviations: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.partnership}-{self.commenced}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ym(index: int) -> tuple[int, int]:
    """Month index (0 = first month of the programme window) -> (year, month 1-12)."""
    m = FIRST_MONTH + index
    return m // 12, m % 12 + 1


def _safe_unseparated(names: list[str]) -> bool:
    """Whether names can be listed without commas (run together, or split only by <br>) and still be told
    apart by the reader, which then splits on the words that end an organisation's name."""
    prev_last = None
    for name in names:
        words = name.split()
        low = [w.lower() for w in words]
        if "," in name or low[-1] not in _NAME_ENDS or low[0] in _CONNECTORS or low[0] in _HEADS:
            return False
        if prev_last is not None and not words[0][:1].isupper():
            return False
        for i, w in enumerate(low[:-1]):  # a head inside the name must run on to the next word
            nxt = low[i + 1]
            if w in _HEADS and nxt not in _HEADS and nxt not in _CONNECTORS and words[i + 1][:1].isupper() \
                    and not (nxt in ("nhs", "foundation") and "trust" in low[i + 2:i + 4]):
                return False
        prev_last = low[-1]
    return True


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper() and w not in ("NHS",))


LAYOUTS = ["tab", "tab", "pipe", "pipe", "markdown", "html", "plain", "plain"]


def plan(k: int, seed: int = 0) -> ReportPlan:
    """What report ``k`` (1-based) of the set generated with ``seed`` says: its partnership, region,
    agencies, dates, counts of items and signatories, as the reader should read them."""
    if k < 1:
        raise ValueError("reports are numbered from 1")
    area, month_index, _round = _project(k, seed)
    rng = random.Random(f"tce-bench/{seed}/{k}/plan")
    layout = rng.choice(LAYOUTS)
    places = list(area.places)
    single = len(places) == 1
    y0, m0 = _ym(month_index)
    start_abs = y0 * 12 + (m0 - 1)
    duration = rng.randint(3, 10)
    end_abs = start_abs + duration
    icb_era = start_abs >= ICB_FROM
    expected: list[str] = []

    # ---- region as stated
    region = area.region
    stated_region = rng.choice(REGION_STATED[region])
    if region in ("west-midlands", "east-midlands") and rng.random() < 0.04:
        stated_region = "Midlands"  # ambiguous: the reader decides it from the partnership's place
        expected.append("region 'Midlands' is not one of the nine English regions")

    # ---- agencies
    agencies: list[str] = []
    council_places = places if len(places) <= 4 else rng.sample(places, 4)
    for i, p in enumerate(council_places):
        trust = bool(p.trust) and rng.random() < 0.5
        if trust:
            agencies.append(p.trust)
        if not (trust and rng.random() < 0.3):  # the children's trust may stand in for the council
            agencies.append(p.council)
            if i == 0 and rng.random() < 0.25:
                agencies.extend(rng.sample(DEPARTMENTS, rng.randint(1, 2)))
    forces = sorted({p.police for p in places})
    agencies.extend(forces)
    if rng.random() < 0.12 and "Metropolitan Police Service" not in forces:
        area_name = forces[0].replace(" Constabulary", "").replace(" Police", "")
        agencies.append(f"{area_name} Police and Crime Commissioner")
    if rng.random() < 0.88:
        if icb_era:
            style = rng.choice(["NHS {} ICB", "NHS {} ICB", "NHS {} Integrated Care Board"])
            for icb in sorted({p.icb for p in places}):
                agencies.append(style.format(icb))
        else:
            style = rng.choice(["{} CCG", "{} CCG", "NHS {} CCG", "{} Clinical Commissioning Group"])
            for p in council_places[:3]:
                ccg = "Dorset" if "," in p.name else p.name
                name = style.format(ccg)
                if name not in agencies:
                    agencies.append(name)
    if rng.random() < 0.6:
        pool = sorted({t for p in places for t in TRUSTS.get(p.icb, [])})
        agencies.extend(t for t in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))) if t not in agencies)
    if rng.random() < 0.3 and "," not in area.name:
        agencies.append(f"{area.name} Safeguarding Children Partnership")
    if rng.random() < 0.12 and "," not in area.name:
        agencies.append(f"{area.name} Community Safety Partnership")
    n_vol = rng.choices([0, 1, 2], [45, 40, 15])[0]
    vol_pool = VOLUNTARY + (["Safer London"] if region == "london" else [])
    for v in rng.sample(vol_pool, n_vol):
        if v not in agencies:
            agencies.append(v)
    if rng.random() < 0.04:
        fire = forces[0].replace(" Constabulary", "").replace(" Police", "")
        agencies.append("London Fire Brigade" if fire == "Metropolitan Service" else f"{fire} Fire and Rescue Service")
    if rng.random() < 0.06:
        agencies.append("National Probation Service")

    # how the agencies are listed (the reader must tell them apart)
    styles = {"tab": ["comma", "comma", "semicolon", "run", "bullets", "pipe-sep"],
              "pipe": ["comma", "comma", "semicolon", "br"], "markdown": ["comma", "comma", "semicolon", "br"],
              "html": ["comma", "comma", "semicolon", "br", "and"],
              "plain": ["comma", "comma", "semicolon", "pipe-sep"]}[layout]
    agency_style = rng.choice(styles)
    if agency_style in ("run", "br") and not _safe_unseparated(agencies):
        agency_style = "comma"
    if agency_style == "and" and not (len(agencies) > 2 and agencies[-2].split()[-1].lower() in _STRONG_ENDS
                                      and "," not in agencies[-2]
                                      and agencies[-1][:1].isupper() and not agencies[-1].startswith("The ")):
        agency_style = "comma"
    abbreviations: list[str] = []
    if agency_style in ("comma", "semicolon") and rng.random() < 0.1:
        abbreviations = [_initials(a) if len(a.split()) >= 2 and 2 <= len(_initials(a)) <= 6
                         and not a.startswith(("NHS", "The ")) else "" for a in agencies]

    # ---- local authorities covered
    la_names: list[str]
    n = len(places)
    words = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
    if single:
        p = places[0]
        forms = ["1", "1", "One", p.council, f"1 ({p.council})"] + ([] if "," in p.name else [f"1 ({p.name})",
                                                                                              f"One ({p.name})"])
        stated_la = rng.choice(forms)
        la_names = [] if stated_la in ("1", "One") else [p.council if p.council in stated_la else p.name]
    else:
        names = [p.name for p in places]
        forms = [str(n), words[n - 1], f"{n} ({', '.join(names)})", f"{words[n - 1]}: {', '.join(names)}"]
        if not any(" and " in x for x in names):
            forms.append(f"{n} ({_join_names(names)})")
        councils = [p.council for p in places]
        if all("," not in c for c in councils):
            forms.append(f"{n} ({', '.join(councils)})")
        stated_la = rng.choice(forms)
        la_names = [] if stated_la in (str(n), words[n - 1]) else (councils if councils[0] in stated_la else names)

    # ---- size, methodology, delivery
    size = rng.choices(["Standard", "Large"], [80, 20] if single else [35, 65])[0]
    n_methods = rng.choices([1, 2, 3], [50, 42, 8])[0]
    methods = rng.sample(["partnership", "partnership", "strategy", "community-engagement",
                          "transitional-safeguarding", "data", "bespoke"], n_methods + 1)
    methods = list(dict.fromkeys(methods))[:n_methods]
    labels = [rng.choice(METHODOLOGY_LABELS[m]) for m in methods]
    if len(labels) == 1:
        stated_method = labels[0]
    else:
        if layout in ("pipe", "markdown") and rng.random() < 0.25:
            joiner = "<br>"
        elif any(" and " in lab for lab in labels):
            joiner = rng.choice([", ", "/", " / ", "; "])
        else:
            joiner = rng.choice([" and ", ", ", "/", " / ", "; ", " – "])
        if joiner == " – " or (joiner == " and " and rng.random() < 0.3):
            labels = [labels[0]] + [lab[0].lower() + lab[1:] for lab in labels[1:]]  # "Partnership – transitional safeguarding"
        stated_method = joiner.join(labels)
        if methods[0] == "bespoke" and len(methods) == 2 and " and " not in labels[1] and rng.random() < 0.5:
            stated_method = f"Bespoke- {labels[1]}"

    if start_abs < 2020 * 12 + 2:
        delivery = rng.choices(["face-to-face", "mixed"], [70, 30])[0]
    elif start_abs < 2021 * 12 + 8:
        delivery = rng.choices(["digital", "mixed"], [85, 15])[0]
    else:
        delivery = rng.choices(["digital", "mixed", "face-to-face"], [45, 40, 15])[0]
    stated_delivery = rng.choice({
        "digital": ["Digital", "Digital", "Digital", "Online", "Virtual", "Remote"],
        "face-to-face": ["Face to face", "Face to face", "Face-to-face", "In person", "In-person"],
        "mixed": ["Mixed", "Mixed", "Hybrid", "Blended", "Mostly virtual, with two in-person workshops",
                  "Mixed (online and face to face)"],
    }[delivery])

    # ---- dates as stated
    ys, ms = divmod(start_abs, 12)
    ye, me = divmod(end_abs, 12)
    ms += 1
    me += 1
    mon_s, mon_e = MONTHS[ms - 1], MONTHS[me - 1]
    with_end = [f"{mon_s} {ys} – {mon_e} {ye}", f"{mon_s} {ys} - {mon_e} {ye}", f"{mon_s[:3]} {ys} to {mon_e[:3]} {ye}",
                f"{mon_s} {ys} to {mon_e} {ye}"]
    if ys == ye:
        with_end.append(f"{mon_s[:3]}–{mon_e[:3]} {ye}")
    else:
        with_end.append(f"{ys}/{ye % 100:02d} ({mon_s} {ys} - {mon_e} {ye})")
    if ys == ye and ms + 1 < me:
        with_end.append(f"{mon_s} {ys} (scoping); delivery {MONTHS[ms]} – {mon_e} {ye}")
    start_only = [f"{mon_s} {ys}", f"{mon_s} {ys}", f"{mon_s[:3]} {ys}", f"{mon_s} '{ys % 100:02d}",
                  f"{mon_s} ’{ys % 100:02d}", f"{ms:02d}/{ys}", f"{mon_s[:3]}-{ys % 100:02d}", f"{mon_s} {ys} (ongoing)",
                  f"w/c {rng.randint(1, 25)}{_ordinal(rng.randint(1, 25))} {mon_s} {ys}"]
    if rng.random() < 0.35:
        stated_dates, ended = rng.choice(with_end), f"{ye:04d}-{me:02d}"
    else:
        stated_dates, ended = rng.choice(start_only), None
    if stated_dates.startswith("w/c"):
        day = rng.randint(1, 25)
        stated_dates = f"w/c {day}{_ordinal(day)} {mon_s} {ys}"
    commenced = f"{ys:04d}-{ms:02d}"

    # ---- topics, themes, counts
    focus = list(dict.fromkeys(t for m in methods for t in FOCUS_BY_METHOD.get(m, [])))
    if not focus or rng.random() < 0.4:
        focus.append(rng.choice([t for t in GENERAL_FOCUS if t not in focus]))
    focus = focus[:2]
    themes = ["leading-with-care", "bridging-boundaries", "holding-complexity"]
    if rng.random() < 0.2:
        rng.shuffle(themes)
    verbosity = min(1.0, rng.betavariate(1.0, 1.9))  # how long the report is: ~3 KB at 0, ~25 KB at 1
    n_approaches = rng.randint(2, 3 + round(verbosity * 5))
    n_key_issues = rng.randint(1, 1 + round(verbosity * 4))
    n_learning = rng.randint(1, 1 + round(verbosity * 4))
    n_actions = rng.randint(2, 3 + round(verbosity * 9))
    n_resources = rng.choices([0, 1, 2, 3, 4, 5, 6], [14, 22, 22, 18, 12, 7, 5])[0]

    # ---- sign-off
    people_rng = random.Random(f"tce-bench/{seed}/{k}/people")
    used: set[str] = set()

    def person() -> str:
        while True:
            first, last = people_rng.choice(FIRST_NAMES), people_rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name in NOT_GENERATED:
                continue
            if people_rng.random() < 0.06:
                name = f"Dr {name}"
            if name not in used:
                used.add(name)
                return name

    signoff_style = rng.choice({"tab": ["bold", "plain", "stacked", "behalf"],
                                "pipe": ["plain", "bold", "stacked"],
                                "markdown": ["bold", "bold", "table"], "html": ["html"],
                                "plain": ["plain", "behalf", "stacked"]}[layout])
    n_local = rng.choices([1, 2, 3, 4], [50, 28, 12, 10])[0]
    if signoff_style == "stacked":
        n_local = 1
    local_date = _sign_date(rng, end_abs)
    tce_date = local_date + rng.choice([0, 0, 0, 3, 7, 14, 21, 38])
    signatories: list[Signatory] = []
    role_mode = rng.choice(["none", "comma", "bracket"]) if n_local > 1 else rng.choice(["none", "comma", "comma", "bracket"])
    if signoff_style in ("stacked", "behalf"):
        role_mode = "comma" if signoff_style == "stacked" else "bracket"
    for i in range(n_local):
        role = None
        if role_mode != "none":
            if role_mode == "bracket" and rng.random() < 0.3:
                role = f"{rng.choice(POLICE_TITLES)}, {forces[0]}"
            else:
                titles = [t for t in LOCAL_TITLES if signoff_style != "stacked" or t.split()[0].lower() not in _HEADS]
                role = rng.choice(titles)
                if rng.random() < 0.5:
                    role += ", " + rng.choice([places[min(i, len(places) - 1)].council] + (
                        [] if "," in area.name else [f"{area.name} Safeguarding Children Partnership"]))
        signatories.append(Signatory("local-area", person(), role, _iso(local_date)))
    no_local_name = signoff_style in ("bold", "plain") and rng.random() < 0.02
    if no_local_name:
        signatories = []
        expected.append("sign-off by the local area names no signatory")
    if rng.random() < 0.9 or no_local_name:
        tce_role = rng.choice(TCE_TITLES) if role_mode in ("comma", "bracket") and rng.random() < 0.5 else None
        signatories.append(Signatory("tce-lead", _tce_lead(seed, k), tce_role, _iso(tce_date)))

    immediate_empty = rng.random() < 0.03
    if immediate_empty:
        expected.append("section 'Immediate reflections from the local area' is empty")

    return ReportPlan(
        k=k, seed=seed, file_name=f"bsp-{k:05d}.txt", layout=layout, partnership=area.name,
        places=[p.name for p in places], region=region, region_name=REGION_NAMES[region], stated_region=stated_region,
        agencies=agencies, local_authority_count=n, local_authorities=la_names, stated_local_authorities=stated_la,
        size=size, methodologies=methods, stated_methodology=stated_method, delivery=delivery,
        stated_delivery=stated_delivery, commenced=commenced, ended=ended, stated_dates=stated_dates,
        focus_topics=focus, themes=themes, n_approaches=n_approaches, n_key_issues=n_key_issues,
        n_learning=n_learning, n_actions=n_actions, n_resources=n_resources, signatories=signatories,
        verbosity=verbosity, expected_warnings=expected, summary=rng.random() < 0.15,
        immediate_empty=immediate_empty, signoff_style=signoff_style, agency_style=agency_style,
        abbreviations=abbreviations,
    )


def _ordinal(day: int) -> str:
    return "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# dates as day numbers (proleptic ordinal) so adding days stays cheap and exact
def _sign_date(rng: random.Random, end_abs: int) -> int:
    from datetime import date
    y, m = divmod(end_abs + rng.randint(1, 3), 12)
    return date(y, m + 1, rng.randint(1, 28)).toordinal()


def _iso(ordinal: int) -> str:
    from datetime import date
    return date.fromordinal(ordinal).isoformat()


@lru_cache(maxsize=8)
def _tce_leads(seed: int) -> tuple[str, ...]:
    """TCE leads recur across reports: a small pool of invented delivery leads."""
    pool_rng = random.Random(f"tce-bench/{seed}/tce-leads")
    return tuple(sorted({f"{pool_rng.choice(FIRST_NAMES)} {pool_rng.choice(LAST_NAMES)}" for _ in range(14)}
                        - NOT_GENERATED))


def _tce_lead(seed: int, k: int) -> str:
    return random.Random(f"tce-bench/{seed}/{k}/lead").choice(_tce_leads(seed))


# =====================================================================================================
# Rendering: the plan -> abstract blocks -> one layout's text
# =====================================================================================================

class _Slots(dict):
    """Template slots; a callable value is drawn afresh every time the slot is used."""

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        return value() if callable(value) else value


class _Bank:
    """Draws templates from a bank without repeats until the bank is used up."""

    def __init__(self, rng: random.Random, items: list):
        self.rng, self.items, self.left = rng, items, []

    def take(self, item) -> None:
        """Use ``item`` now: it is not drawn again until the bank is used up."""
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        if item in self.left:
            self.left.remove(item)

    def draw(self):
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


@dataclass
class Block:
    """One piece of a report before layout: a section heading, sub-heading, paragraph, list, run-in
    theme reflection, the 'for a local area ...' line or the Joining the dots introduction."""

    kind: str  # section | sub | p | ul | ol | runin | forlocal | joinintro
    text: str = ""
    items: list[str] = field(default_factory=list)
    key: str = ""  # a section's key; a numbered list's marker ('.' or ')')
    head: str = ""  # a run-in reflection's theme
    footnotes: list[str] = field(default_factory=list)  # footnotes cited in this block


class _Writer:
    def __init__(self, p: ReportPlan):
        self.p = p
        self.rng = rng = random.Random(f"tce-bench/{p.seed}/{p.k}/text")
        self.markdown_links = p.layout != "html"
        others = [a for a in p.agencies if not a.endswith("Council")] or p.agencies
        vols = [a for a in p.agencies if a in VOLUNTARY or a == "Safer London"]
        health = [a for a in p.agencies if a.endswith(("CCG", "ICB", "Integrated Care Board", "Commissioning Group"))]
        councils = [a for a in p.agencies if a.endswith("Council") or a.startswith(("Royal Borough", "London Borough"))]
        police = [a for a in p.agencies if a.endswith(("Police", "Constabulary", "Police Service"))]
        focus = [FOCUS_PHRASES.get(t) or TOPIC_PHRASES[t] for t in p.focus_topics]
        harm = [ph for t in HARM_TOPICS if t not in p.focus_topics for ph in HARM_PHRASES[t]]
        topics = rng.sample(harm, 3)
        practice = [rng.choice(PRACTICE_PHRASES[t]) for t in
                    rng.sample([t for t in PRACTICE_TOPICS if t not in p.focus_topics], 4)]
        kind = PLACE_BY_NAME[p.places[0]].kind if len(p.places) == 1 else "multi"
        area = {"county": "the county", "city": "the city", "borough": "the borough", "district": "the district",
                "town": "the town", "island": "the island", "area": "the area"}.get(
            kind, f"the {NUM_WORDS[len(p.places) - 2] if len(p.places) <= 6 else 'partner'} local authority areas")
        m = int(p.commenced[5:])
        self.slots = _Slots(
            P=p.partnership, Ps=p.partnership + "'s", area=area, region=p.region_name,
            focus=self._next_focus, topic=lambda: rng.choice(topics),
            practice=lambda: rng.choice(practice),
            council=councils[0] if councils else f"{p.partnership} Council",
            police=police[0] if police else "the police",
            health=health[0] if health else ("the ICB" if p.commenced >= "2022-07" else "the CCG"),
            vol=rng.choice(vols) if vols else "a local youth organisation",
            spart=f"{p.partnership} Safeguarding Children Partnership",
            agency=lambda: rng.choice(others),
            mode={"digital": "online", "face-to-face": "in person",
                  "mixed": "through a mix of online and in-person sessions"}[p.delivery],
            Num=lambda: rng.choice(NUM_WORDS[:3]).capitalize(), num=lambda: rng.choice(NUM_WORDS[:3]),
            orig=MONTHS[(m - 3) % 12], dur=NUM_WORDS[min(len(NUM_WORDS) - 1, rng.randint(0, 4))],
        )
        self.obs = _Bank(rng, OBSERVATIONS)
        self.banks = {name: _Bank(rng, bank) for name, bank in (
            ("reasons", REASONS), ("goals", GOALS), ("goals_more", GOALS_MORE), ("app_detail", APPROACH_DETAIL),
            ("actions", ACTIONS), ("immediate", IMMEDIATE), ("links", LINK_SENTENCES),
            ("reasons_items", REASONS_ITEMS), ("goals_items", GOALS_ITEMS))}
        self.theme_banks = {t: _Bank(rng, s) for t, s in THEME_SENTENCES.items()}
        self.footnote_no = 0
        self.focus, self.focus_i = focus, 0

    def _next_focus(self) -> str:
        """The focus topics in turn, so that every one is named where the report says what it is about."""
        phrases = self.focus[self.focus_i % len(self.focus)]
        self.focus_i += 1
        return phrases[0] if self.rng.random() < 0.6 else self.rng.choice(phrases)

    # ---------------------------------------------------------------- text helpers

    def fill(self, template: str) -> str:
        text = template.format_map(self.slots)
        return text[0].upper() + text[1:] if text[:1].islower() else text

    def sentences(self, bank: _Bank, n: int) -> str:
        return " ".join(self.fill(bank.draw()) for _ in range(n))

    def n_sent(self, lo: int = 2, hi: int = 3) -> int:
        v = self.p.verbosity
        if v < 0.15:
            return self.rng.randint(1, max(1, hi - 1))
        return self.rng.randint(lo, hi + round(v * 3))

    def n_paras(self, base: int = 1) -> int:
        return base + self.rng.randint(0, round(self.p.verbosity * 3.4))

    def link(self, title: str, url: str) -> str:
        if self.markdown_links:
            return f"[{title}]({url})"
        return f'<a href="{url}">{title}</a>'

    # ---------------------------------------------------------------- sections

    def build(self) -> tuple[list[Block], list[Block], list[str]]:
        """(blocks of the early sections, blocks of the later sections, footnotes in order)."""
        p, rng = self.p, self.rng
        early: list[Block] = []
        if p.summary:
            early.append(Block("section", key="summary", text=rng.choice(["Summary:", "Executive Summary:"])))
            early.append(Block("p", self.sentences(self.banks["reasons"], 2)))
        early.append(Block("section", key="reasons", text=rng.choice([
            "Reasons why the local area requested the TCE Support programme:",
            "Reasons why the local area requested the TCE Support Programme:"])))
        self.focus_i = 0
        first_template = rng.choice([t for t in REASONS if "{focus}" in t])
        self.banks["reasons"].take(first_template)
        first = self.fill(first_template)
        for i in range(self.n_paras()):
            early.append(Block("p", ((first + " " if i == 0 else "")
                                     + self.sentences(self.banks["reasons"], self.n_sent(1, 3) - (i == 0))).strip()))
        if rng.random() < 0.1 + 0.5 * p.verbosity:
            early.append(Block("p", rng.choice(REASONS_LEAD)))
            early.append(Block("ul", items=[self.fill(self.banks["reasons_items"].draw())
                                            for _ in range(rng.randint(2, 4))]))
        early.append(Block("section", key="goal", text=rng.choice([
            "Overall goal of BSP:", "Overall goal of BSP :", "Overall goal of the BSP:"])))
        self.focus_i = 1
        early.append(Block("p", self.sentences(self.banks["goals"], 1) + (
            " " + self.sentences(self.banks["goals_more"], rng.randint(1, 2)) if rng.random() < 0.6 else "")))
        if rng.random() < 0.2 + 0.6 * p.verbosity:
            early.append(Block("p", rng.choice(GOALS_LEAD)))
            early.append(Block("ul", items=[self.fill(self.banks["goals_items"].draw())
                                            for _ in range(rng.randint(2, 5))]))
        approaches = self.approaches()
        later: list[Block] = []
        in_table = p.layout in ("tab", "pipe") and rng.random() < 0.5
        (early if in_table else later).extend(approaches)
        later.extend(self.key_issues())
        later.extend(self.joining())
        learning, evidence = self.learning(), self.evidence()
        later.extend(evidence + learning if rng.random() < 0.2 else learning + evidence)
        later.append(Block("section", key="immediate", text="Immediate reflections from the local area:"))
        if not p.immediate_empty:
            for _ in range(rng.randint(1, 1 + round(p.verbosity * 2))):
                later.append(Block("p", self.sentences(self.banks["immediate"], rng.randint(1, 3))))
        footnotes = self.place_resources(early, later)
        return early, later, footnotes

    def approaches(self) -> list[Block]:
        p, rng = self.p, self.rng
        out = [Block("section", key="approaches", text=rng.choice([
            "Approaches / methods taken to achieve project goal and deliver the BSP:",
            "Approaches / methods taken to achieve the project goal and deliver the BSP:"]))]
        out.append(Block("p", " ".join(self.fill(s) for s in rng.sample(APPROACH_INTRO, 1 + (rng.random() < p.verbosity)))))
        chosen = rng.sample(APPROACHES, p.n_approaches)
        style = rng.choice(["bullets", "bold-bullets", "headed", "numbered"])
        if style == "headed":
            out.append(Block("p", rng.choice(APPROACH_LEADS)))
            for head, sentence in chosen:
                out.append(Block("sub", head))
                extra = " ".join(self.fill(self.banks["app_detail"].draw()) for _ in range(rng.randint(0, 2)))
                out.append(Block("p", (self.fill(sentence) + " " + extra).strip()))
        else:
            out.append(Block("p", rng.choice(APPROACH_LEADS)))
            if style == "bold-bullets":
                items = [f"**{h}:** {self.fill(s)}" if p.layout != "html" else f"<b>{h}:</b> {self.fill(s)}"
                         for h, s in chosen]
            else:
                items = [self.fill(s) for _, s in chosen]
            out.append(Block("ol" if style == "numbered" else "ul", items=items, key=rng.choice([".", ")"])))
        if rng.random() < 0.2 + 0.6 * p.verbosity:
            out.append(Block("p", self.fill(rng.choice(APPROACH_CLOSE))))
        return out

    def _headed(self, key: str, title: str, heads: list[str], n: int) -> list[Block]:
        rng = self.rng
        out = [Block("section", key=key, text=title)]
        if key == "key_issues":
            out.append(Block("forlocal"))
        for head in rng.sample(heads, n):
            out.append(Block("sub", head))
            for _ in range(self.n_paras()):
                out.append(Block("p", self.sentences(self.obs, self.n_sent(2, 3))))
            if rng.random() < 0.12:
                out.append(Block("p", "What we heard from partners was that:"))
                out.append(Block("ul", items=[self.fill(self.obs.draw()) for _ in range(rng.randint(2, 4))]))
        return out

    def key_issues(self) -> list[Block]:
        return self._headed("key_issues", "Key issues that arose during the delivery of the BSP:", ISSUE_HEADS,
                            self.p.n_key_issues)

    def learning(self) -> list[Block]:
        return self._headed("learning", "Significant learning and transferability from the BSP for other areas:",
                            LEARNING_HEADS, self.p.n_learning)

    def joining(self) -> list[Block]:
        p, rng = self.p, self.rng
        out = [Block("section", key="joining", text=rng.choice(["Joining the dots:", "Joining the Dots:"]))]
        stated = {t: rng.choice(THEME_STATED[t]) for t in p.themes}
        listed = rng.random() < (0.85 if p.verbosity > 0.1 else 0.3)
        if listed:
            out.append(Block("joinintro", JOINING_INTRO))
            canonical = ["leading-with-care", "bridging-boundaries", "holding-complexity"]
            dot = rng.choice([".", ")"])
            end = "." if rng.random() < 0.2 else ""
            out.append(Block("ol", items=[stated[t] + end for t in canonical], key=dot))
        runin = rng.random() < 0.2
        for t in p.themes:
            body = []
            for _ in range(self.n_paras()):
                text = self.sentences(self.theme_banks[t], self.n_sent(1, 2))
                while len(text.split()) < 16:
                    text += " " + self.fill(self.theme_banks[t].draw())
                body.append(text)
            if runin:
                out.append(Block("runin", head=stated[t], text=body[0]))
                out.extend(Block("p", b) for b in body[1:])
            else:
                out.append(Block("sub", stated[t]))
                out.extend(Block("p", b) for b in body)
        return out

    def evidence(self) -> list[Block]:
        p, rng = self.p, self.rng
        out = [Block("section", key="evidence", text=rng.choice([
            "Emerging evidence of how the project has positively disrupted the system response to child exploitation and extra-familial harm:",
            "Emerging evidence of how the project has positively disrupted the system response to child exploitation and extra-familial harm :"]))]
        if rng.random() < 0.3 + 0.6 * p.verbosity:
            out.append(Block("p", self.sentences(_Bank(rng, EVIDENCE_INTRO), rng.randint(1, 2))))
        out.append(Block("p", rng.choice(EVIDENCE_LEAD)))
        out.append(Block("ol" if rng.random() < 0.15 else "ul", key=")",
                         items=[self.fill(self.banks["actions"].draw()) for _ in range(p.n_actions)]))
        if rng.random() < 0.4:
            out.append(Block("p", self.fill(rng.choice(EVIDENCE_CLOSE))))
        return out

    # ---------------------------------------------------------------- cited resources

    def place_resources(self, early: list[Block], later: list[Block]) -> list[str]:
        """Cite n_resources distinct resources: Markdown (or HTML) links, lost links and footnotes."""
        p, rng = self.p, self.rng
        footnotes: list[str] = []
        paras = [b for b in later if b.kind == "p" and len(b.text) > 60]
        if not paras:
            paras = [b for b in early + later if b.kind == "p"]
        resources = rng.sample(RESOURCES, p.n_resources)
        lost_titles = rng.sample(LOST_TITLES, p.n_resources)
        order = sorted(rng.sample(range(len(paras)), min(len(paras), p.n_resources))) if paras else []
        for i, (title, url, blurb) in enumerate(resources):
            block = paras[order[i % len(order)]] if order else paras[0]
            how = rng.choices(["link", "lost", "footnote", "footnote-lost"], [30, 20, 40, 10])[0]
            if how in ("link", "lost"):
                target = url if how == "link" else "#"
                shown = title if how == "link" else lost_titles[i]
                block.text += " " + self._link_sentence(shown, target)
                continue
            self.footnote_no += 1
            sup = str(self.footnote_no).translate(SUPERSCRIPT)
            block.text = _attach_marker(block.text, sup, rng)
            if how == "footnote-lost":
                text = f"{sup} These issues are explored in the {self.link(lost_titles[i], '#')}."
            else:
                form = rng.choice(["bare", "angle", "link", "see", "own-line"])
                if form == "bare":
                    text = f"{sup} {blurb}: {url}"
                elif form == "angle":
                    text = f"{sup} {blurb}: <{url}>"
                elif form == "link":
                    text = f"{sup} {blurb}, see the {self.link(title, url)}."
                elif form == "see":
                    text = f"{sup} {blurb}, see: <{url}>"
                else:
                    text = f"{sup} {blurb}:\n\n{url}"
            block.footnotes.append(text)
            footnotes.append(text)
        return footnotes

    def _link_sentence(self, shown: str, target: str) -> str:
        template = self.banks["links"].draw()
        before, _, after = template.partition("{link}")
        return self.fill(before) + self.link(shown, target) + self.fill(after)


def _attach_marker(text: str, sup: str, rng: random.Random) -> str:
    """Put a footnote marker at the end of a sentence: before its full stop or after it."""
    ends = [i for i, c in enumerate(text) if c == "." and (i + 1 == len(text) or text[i + 1] == " ")
            and text[max(0, i - 1)].isalpha()]
    if not ends:
        return text + sup
    i = rng.choice(ends)
    return text[:i] + sup + text[i:] if rng.random() < 0.6 else text[:i + 1] + sup + text[i + 1:]


# ---------------------------------------------------------------- layouts

_DETAIL_LABELS = {
    "partnership": ["Partnership Name:", "Partnership Name:", "Partnership name:"],
    "agencies": ["Core partner agencies involved:"],
    "la": ["Number of Local Authority areas covered:", "Number of local authority areas covered:"],
    "region": ["Regional Area:", "Regional area:"],
    "size": ["BSP Project Size:", "BSP size:"],
    "methodology": ["BSP Methodology/ methodologies", "BSP methodology/ methodologies"],
    "delivery": ["Digital / Face to face / Mixed Delivery", "Digital / face to face / mixed delivery",
                 "Digital / face-to-face / mixed delivery"],
    "commenced": ["Date BSP commenced:"],
}
HEADER = "Tackling Child Exploitation Support Programme"


class _Layout:
    """Turns blocks into lines for one converter's layout; pages, footnotes and wrapping included."""

    def __init__(self, p: ReportPlan, rng: random.Random):
        self.p, self.rng = p, rng
        self.lines: list[str] = []
        self.bullet = rng.choice(["•", "•", "●", "-"])
        self.paged = p.layout in ("tab", "pipe", "plain")
        self.wrap = p.layout == "plain" and rng.random() < 0.45
        self.width = rng.randint(86, 100)
        self.compact = p.layout == "plain" and rng.random() < 0.3
        self.heading_style = rng.choice({"tab": ["md", "bold", "plain"], "pipe": ["plain", "md"],
                                         "markdown": ["bold", "md"], "html": ["html"],
                                         "plain": ["plain", "plain", "numbered", "upper"]}[p.layout])
        self.sub_style = {"md": rng.choice(["###", "bold"]), "bold": "bold", "plain": "plain", "html": "html",
                          "numbered": "plain", "upper": "plain"}[self.heading_style]
        self.section_no = 0
        self.page_chars = 0
        self.page_size = rng.randint(2600, 4200)
        self.pages = 1
        self.pending: list[str] = []
        self.md_footnotes = p.layout == "markdown" and rng.random() < 0.5
        self.bracket_footnotes = p.layout == "plain" and rng.random() < 0.3
        self.page_numbers = self.paged and rng.random() < 0.3
        self.header = (rng.choice(["# " + HEADER, "## " + HEADER]) if p.layout == "tab" and rng.random() < 0.6
                       else HEADER.upper() if p.layout == "plain" and rng.random() < 0.2 else HEADER)

    # ---- values of the details table

    def agencies_value(self) -> list[str]:
        """The agencies cell as lines (more than one only for a bulleted list)."""
        p = self.p
        names = list(p.agencies)
        if p.abbreviations:
            names = [f"{n} ({a})" if a else n for n, a in zip(names, p.abbreviations)]
        style = p.agency_style
        if style == "comma":
            return [", ".join(names)]
        if style == "semicolon":
            return ["; ".join(names)]
        if style == "run":
            return [" ".join(names)]
        if style == "br":
            return ["<br>".join(names)]
        if style == "pipe-sep":
            return [" | ".join(names)]
        if style == "and":
            return [", ".join(names[:-1]) + " and " + names[-1]]
        return [f"• {n}" for n in names]  # bullets

    def details(self) -> list[tuple[str, list[str]]]:
        p, rng = self.p, self.rng
        label = {k: rng.choice(v) for k, v in _DETAIL_LABELS.items()}
        return [(label["partnership"], [p.partnership]), (label["agencies"], self.agencies_value()),
                (label["la"], [p.stated_local_authorities]), (label["region"], [p.stated_region]),
                (label["size"], [p.size]), (label["methodology"], [p.stated_methodology]),
                (label["delivery"], [p.stated_delivery]), (label["commenced"], [p.stated_dates])]

    # ---- output helpers

    def emit(self, *lines: str) -> None:
        for ln in lines:
            self.lines.append(ln)
            self.page_chars += len(ln) + 1

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def para_lines(self, text: str) -> list[str]:
        if self.p.layout == "html":
            return [f"<p>{_html(text)}</p>"]
        if self.wrap:
            return _wrap(text, self.width) or [text]
        return [text]

    def item_lines(self, text: str, marker: str) -> list[str]:
        if self.p.layout == "html":
            return [f"<li>{_html(text)}</li>"]
        first = f"{marker} {text}"
        if self.wrap:
            lines = _wrap(first, self.width, indent=" " * (len(marker) + 1), item=True)
            if lines:
                return lines
        return [first]

    def section_heading(self, text: str) -> str:
        style = self.heading_style
        if style == "md":
            return f"## **{text}**"
        if style == "bold":
            return f"**{text}**"
        if style == "html":
            return f"<p><b>{_html(text)}</b></p>"
        if style == "numbered":
            self.section_no += 1
            return f"{self.section_no}. {text}"
        if style == "upper":
            return text.upper()
        return text

    def sub_heading(self, text: str) -> str:
        style = self.sub_style
        if style == "###":
            return f"### **{text}**"
        if style == "bold":
            return f"**{text}**"
        if style == "html":
            return f"<p><b>{_html(text)}</b></p>"
        return text

    # ---- pages and footnotes

    def maybe_break(self, allow: bool) -> None:
        if self.paged and allow and self.page_chars > self.page_size:
            self.page_break()

    def page_break(self) -> None:
        self.flush_footnotes()
        self.blank()
        if self.page_numbers:
            self.lines.append(f"Page {self.pages} of {{pages}}")
            self.lines.append("")
        self.lines.append(("\f" if self.p.layout == "plain" and self.rng.random() < 0.5 else "") + self.header)
        self.lines.append("")
        self.pages += 1
        self.page_chars = 0
        self.page_size = self.rng.randint(2600, 4200)

    def flush_footnotes(self) -> None:
        for fn in self.pending:
            self.blank()
            self.emit(*self.footnote_lines(fn))
        self.pending = []

    def footnote_lines(self, fn: str) -> list[str]:
        if self.md_footnotes or self.bracket_footnotes:
            sup, rest = fn.split(" ", 1)
            n = sup.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
            fn = (f"[^{n}]: " if self.md_footnotes else f"[{n}] ") + rest
        out: list[str] = []
        for i, part in enumerate(fn.split("\n\n")):
            if i:
                out.append("")
            out.extend(self.para_lines(part) if self.p.layout != "html" else [f"<p>{part}</p>"])
        return out

    def marker_text(self, text: str) -> str:
        """Footnote markers as the layout writes them (superscripts, [^n] or [n])."""
        if not (self.md_footnotes or self.bracket_footnotes):
            return text
        out = []
        for ch in text:
            if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹":
                d = ch.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
                out.append(f"[^{d}]" if self.md_footnotes else f"[{d}]")
            else:
                out.append(ch)
        return "".join(out)

    # ---- flow blocks

    def flow(self, blocks: list[Block], last_breakable: int) -> None:
        rng = self.rng
        for i, b in enumerate(blocks):
            allow = i <= last_breakable
            if b.kind == "section":
                self.maybe_break(allow)
                self.blank()
                self.emit(self.section_heading(b.text))
                if not self.compact:
                    self.blank()
            elif b.kind == "forlocal":
                self.blank()
                self.emit(self.para_lines("- for a local area and those delivering the BSP")[0]
                          if self.p.layout == "html" else "- for a local area and those delivering the BSP")
                self.blank()
            elif b.kind == "sub":
                self.maybe_break(allow)
                self.blank()
                self.emit(self.sub_heading(b.text))
                if not self.compact or len(b.text.split()) > 8:
                    self.blank()
            elif b.kind == "p":
                text = self.marker_text(b.text)
                if self.paged and allow and self.page_chars + len(text) > self.page_size and len(text) > 320 \
                        and rng.random() < 0.6 and (cut := _split_point(text)) is not None:
                    self.blank()
                    self.emit(*self.para_lines(text[:cut]))
                    self.pending.extend(b.footnotes)
                    self.page_break()
                    self.emit(*self.para_lines(text[cut + 1:]))
                else:
                    self.maybe_break(allow)
                    self.blank()
                    self.emit(*self.para_lines(text))
                    self.pending.extend(b.footnotes)
                self.blank()
            elif b.kind in ("ul", "ol"):
                self.maybe_break(allow)
                self.blank()
                if self.p.layout == "html":
                    tag = "ol" if b.kind == "ol" else "ul"
                    self.emit(f"<{tag}>", *[ln for it in b.items for ln in self.item_lines(self.marker_text(it), "")],
                              f"</{tag}>")
                else:
                    for n, it in enumerate(b.items, start=1):
                        marker = f"{n}{b.key or '.'}" if b.kind == "ol" else self.bullet
                        self.emit(*self.item_lines(self.marker_text(it), marker))
                self.blank()
            elif b.kind == "runin":
                self.maybe_break(allow)
                self.blank()
                if self.p.layout == "html":
                    self.emit(f"<p><b>{_html(b.head)}:</b> {_html(b.text)}</p>")
                elif self.p.layout in ("markdown", "tab", "pipe"):
                    self.emit(*self.para_lines(f"**{b.head}:** {b.text}"))
                else:
                    self.emit(*self.para_lines(f"{b.head}: {b.text}"))
                self.blank()
            elif b.kind == "joinintro":
                self.blank()
                self.emit(*self.para_lines(b.text))
                self.blank()
                self.emit(*self.para_lines("Key reflections on the Joining the dots themes within the BSP:"))
                self.blank()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;") if "<a " not in text else text.replace("'", "&#39;")


def _split_point(text: str) -> int | None:
    """Where a paragraph may be cut by a page break: mid-sentence, between words, outside any link."""
    lo, hi = len(text) // 3, 2 * len(text) // 3
    for i in range(lo, hi):
        if text[i] == " " and text[i + 1:i + 2].islower() and text[i - 1].isalpha():
            head = text[:i]
            if head.count("[") == head.count("]") and head.count("(") == head.count(")") \
                    and head.count("**") % 2 == 0 and head.count("<") == head.count(">") and not head.endswith(" a"):
                return i
    return None


_MARKER_START = ("- ", "• ", "● ", "* ", "o ")
# a wrapped line opening with these words would read as a label of the template ("approach adopted ...")
_LABEL_START = ("approach", "method", "reason", "overall", "key issue", "significant learning", "emerging evidence",
                "immediate reflection", "date", "signed", "partnership", "region", "summary", "joining the dots",
                "please tick", "number of local", "core partner", "partner agencies", "on behalf", "details of",
                "executive summary", "project summary", "bsp", "local authority", "local partnership", "tackling child",
                "project learning", "start date", "key reflections", "digital", "delivery", "page ")


def _wrap(text: str, width: int, indent: str = "", item: bool = False) -> list[str] | None:
    """Hard-wrap a paragraph as PDF converters do; None when a continuation line would read as something
    else (a list item, a label, a heading), so the paragraph is kept on one line."""
    words = text.split(" ")
    lines: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = indent + w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    if len(lines) == 1:
        return lines
    if not item and len(lines[0].split()) <= 11 and not lines[1][:1].islower():
        return None
    for ln in lines[1:]:
        s = ln.strip()
        if s.startswith(_MARKER_START) or s[:1].isdigit() and (s[1:2] in ".)" or s[2:3] in ".)") \
                or s[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹([" or (s[:2].lower() in ("a.", "a)", "b.", "b)")):
            return None
        before, colon, _ = s.partition(":")
        if colon and len(before.split()) <= 16 or s.lower().startswith(_LABEL_START):
            return None
    if item and any(ln.rstrip().endswith((".", ":", ";")) for ln in lines[:-1]):
        return None
    return lines


# ---------------------------------------------------------------- the layouts themselves


def _title(L: _Layout) -> None:
    p, rng = L.p, L.rng
    if p.layout == "html":
        L.emit(f"<h1>{HEADER}</h1>", "<h2>Project Learning Report</h2>")
        return
    lead = ["", ""] if p.layout in ("tab", "pipe") and rng.random() < 0.7 else []
    L.lines.extend(lead)
    if p.layout in ("tab", "markdown") and (p.layout == "markdown" or rng.random() < 0.5):
        L.emit("# " + HEADER, "", "## Project Learning Report", "")
    elif p.layout == "plain" and L.header.isupper():
        L.emit(HEADER.upper(), "Project Learning Report".upper(), "")
    else:
        L.emit(HEADER, "", "Project Learning Report", "")


def _early_cell(L: _Layout, blocks: list[Block]) -> str:
    """Paragraphs and lists of one section as the HTML fragment a table cell holds."""
    parts: list[str] = []
    for b in blocks:
        b.items = [_bold_html(it) for it in b.items]
        if b.kind == "p":
            parts.append(f"<p>{b.text}</p>")
        elif b.kind == "sub":
            parts.append(f"<p><b>{b.text}</b></p>")
        elif b.kind in ("ul", "ol"):
            if b.kind == "ol":
                items = " ".join(f"<li>{n}{b.key or '.'} {it}</li>" for n, it in enumerate(b.items, start=1))
                parts.append(f'<ol style="list-style-type: none"> {items} </ol>')
            else:
                items = " ".join(f"<li>• {it}</li>" for it in b.items)
                parts.append(f'<ul style="list-style-type: none"> {items} </ul>')
    return " ".join(parts)


def _bold_html(text: str) -> str:
    """'**Mapping:** ...' as an HTML fragment writes it: '<b>Mapping:</b> ...'."""
    if text.startswith("**") and "**" in text[2:]:
        head, _, rest = text[2:].partition("**")
        return f"<b>{head}</b>{rest}"
    return text


def _sections_of(blocks: list[Block]) -> list[tuple[Block, list[Block]]]:
    out: list[tuple[Block, list[Block]]] = []
    for b in blocks:
        if b.kind == "section":
            out.append((b, []))
        elif out:
            out[-1][1].append(b)
    return out


def _render_tab(L: _Layout, early: list[Block]) -> None:
    rng = L.rng
    bold = rng.random() < 0.5
    L.emit(("<b>Details of Bespoke Support Project (BSP):</b>" if bold else "Details of Bespoke Support Project (BSP):") + "\t")
    for label, value in L.details():
        L.emit(f"{label}\t{value[0]}")
        for extra in value[1:]:
            L.emit(f"\t{extra}")
    for head, body in _sections_of(early):
        L.emit((f"<b>{head.text}</b>" if bold else head.text) + "\t")
        cell = _early_cell(L, body)
        if not any(b.kind in ("ul", "ol", "sub") for b in body) and rng.random() < 0.3:
            cell = " ".join(b.text for b in body if b.kind == "p")  # a plain cell, as in some exports
        L.emit(cell + "\t")


def _render_pipe(L: _Layout, early: list[Block]) -> None:
    rng = L.rng
    bold_labels = L.p.layout == "markdown" and rng.random() < 0.4
    head = "Details of Bespoke Support Project (BSP):"
    L.emit(f"| {'**' + head + '**' if rng.random() < 0.3 else head} | |", rng.choice(["|---|--|", "|--|---|", "|---|---|", "|:---|:---|"]))
    for label, value in L.details():
        if bold_labels:
            core = label.rstrip(":")
            label = f"**{core}**:" if label.endswith(":") else f"**{core}**"
        L.emit(f"| {label} | {'<br>'.join(value)} |")
    if L.p.layout == "pipe":
        for head_b, body in _sections_of(early):
            L.emit(f"| {head_b.text} | |")
            L.emit(f"| {_early_cell(L, body)} | |")
        L.emit("")
    else:
        L.emit("")
        L.flow(early, last_breakable=-1)


def _render_html(L: _Layout, early: list[Block]) -> None:
    colspan = L.rng.random() < 0.5
    L.emit("<table>")
    L.emit('<tr><td colspan="2"><b>Details of Bespoke Support Project (BSP):</b></td></tr>' if colspan else
           "<tr><td><b>Details of Bespoke Support Project (BSP):</b></td><td></td></tr>")
    for label, value in L.details():
        L.emit(f"<tr><td>{label}</td><td>{_html('<br>'.join(value)) if len(value) == 1 else ''}</td></tr>")
    L.emit("</table>", "")
    L.flow(early, last_breakable=-1)


def _render_plain(L: _Layout, early: list[Block]) -> None:
    rng = L.rng
    stacked = rng.random() < 0.3 and L.p.stated_methodology != "Partnership"  # "Partnership" alone reads as a label
    L.emit("DETAILS OF BESPOKE SUPPORT PROJECT (BSP):" if L.header.isupper() else "Details of Bespoke Support Project (BSP):")
    if stacked:
        L.emit("")
    for label, value in L.details():
        label = label if label.endswith(":") else label + ":"
        if stacked:
            L.emit(label)
            for v in value:
                L.emit(v[2:] if v.startswith("• ") else v)
        else:
            L.emit(f"{label} {value[0]}")
    L.emit("")
    L.flow(early, last_breakable=-1)


def _signoff(L: _Layout) -> None:
    p, rng = L.p, L.rng
    local = [s for s in p.signatories if s.side == "local-area"]
    tce = [s for s in p.signatories if s.side == "tce-lead"]
    local_date = local[0].date if local else (tce[0].date if tce else None)
    fmt = rng.choice(["%d.%m.%Y", "%d/%m/%y", "%d/%m/%Y", "ordinal", "long", "%Y-%m-%d", "%d.%m.%y"])
    style = p.signoff_style
    tick = TICK.replace("'", "&#39;") if p.layout == "html" else TICK

    def names(people: list[Signatory], mode: str = "auto") -> str:
        if not people:
            return ""
        if all(s.role is None for s in people):
            plain = [s.name for s in people]
            return ", ".join(plain) if len(plain) > 2 or rng.random() < 0.5 else " and ".join(plain)
        parts = []
        for s in people:
            if s.role is None:
                parts.append(s.name)
            elif s.role.count(",") and ", " in s.role and any(t in s.role for t in POLICE_TITLES) or mode == "bracket":
                parts.append(f"{s.name} ({s.role})")
            else:
                parts.append(f"{s.name}, {s.role}")
        return "; ".join(parts)

    mode = "bracket" if any(s.role and s.role.startswith(tuple(POLICE_TITLES)) for s in local) else "auto"
    if local and local[0].role and rng.random() < 0.3:
        mode = "bracket"
    tce_date = tce[0].date if tce else None
    if style == "html":
        L.emit(f"<p><b>{tick}</b></p>", "")
        if local_date:
            L.emit(f"<p><b>Date:</b> {_fmt_date(local_date, fmt)}</p>")
        L.emit(f"<p><b>Signed by local area:</b> {_html(names(local, mode))}</p>")
        if tce:
            L.emit(f"<p><b>Date:</b> {_fmt_date(tce_date, fmt)}</p>",
                   f"<p><b>Signed by TCE lead:</b> {_html(names(tce, mode))}</p>")
        return
    if style == "behalf":
        L.emit(tick + rng.choice(["", " [X]", " ☒", " Yes"]), "", "On behalf of the local area:")
        for s in local:
            role = f" ({s.role})" if s.role else ""
            L.emit(f"Signed: {s.name}{role} Date: {_fmt_date(s.date, fmt)}")
        if tce:
            L.emit("", "On behalf of the TCE Support Programme:")
            for s in tce:
                role = f" ({s.role})" if s.role else ""
                L.emit(f"Signed: {s.name}{role} Date: {_fmt_date(s.date, fmt)}")
        return
    if style == "table":
        L.emit(f"**{TICK}** ☒", "", "| | |", "|---|---|")
        if local_date:
            L.emit(f"| **Date**: | {_fmt_date(local_date, fmt)} |")
        L.emit(f"| **Signed by local area**: | {names(local, mode)} |")
        if tce:
            L.emit(f"| **Date**: | {_fmt_date(tce_date, fmt)} |", f"| **Signed by TCE lead**: | {names(tce, mode)} |")
        return
    b = "**" if style == "bold" else ""
    L.emit(f"{b}{tick}{b}", "")
    if style == "stacked":
        s = local[0]
        L.emit(f"Date: {_fmt_date(local_date, fmt)}", "", rng.choice(["Signed by Local Area:", "Signed by local area:"]),
               "", s.name, "")
        if s.role:
            L.emit(s.role, "")
        if tce:
            L.emit(f"Date: {_fmt_date(tce_date, fmt)}", "", "Signed by TCE Lead:", "", tce[0].name, "")
            if tce[0].role:
                L.emit(tce[0].role, "")
        return
    if local_date:
        L.emit(f"{b}Date:{b} {_fmt_date(local_date, fmt)}", "")
    L.emit(f"{b}Signed by local area:{b} {names(local, mode)}".rstrip(), "")
    if tce:
        L.emit(f"{b}Date:{b} {_fmt_date(tce_date, fmt)}", "", f"{b}Signed by TCE lead:{b} {names(tce, mode)}")


def _fmt_date(iso: str | None, fmt: str) -> str:
    from datetime import date
    d = date.fromisoformat(iso) if iso else date(2022, 1, 1)
    if fmt == "ordinal":
        return f"{d.day:02d}{_ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"
    if fmt == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return d.strftime(fmt)


def render(p: ReportPlan) -> str:
    """The text of one report."""
    w = _Writer(p)
    early, later, footnotes = w.build()
    L = _Layout(p, random.Random(f"tce-bench/{p.seed}/{p.k}/layout"))
    _title(L)
    {"tab": _render_tab, "pipe": _render_pipe, "markdown": _render_pipe, "html": _render_html,
     "plain": _render_plain}[p.layout](L, early)
    L.page_chars = len("".join(L.lines))  # the details table fills the first page
    L.blank()
    last = max((i for i, b in enumerate(later) if b.kind == "section" and b.key == "immediate"), default=len(later)) - 1
    L.flow(later, last_breakable=last)
    L.blank()
    _signoff(L)
    if L.pending:
        L.blank()
        L.flush_footnotes()
    text = "\n".join(L.lines) + "\n"
    if "{pages}" in text:
        text = text.replace("{pages}", str(L.pages))
    return text


# =====================================================================================================
# Library entry point and command line
# =====================================================================================================

def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write reports 1..n generated with ``seed`` to ``out_dir`` as ``bsp-00001.txt`` ...; their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(1, n + 1):
        p = plan(k, seed)
        path = out_dir / p.file_name
        path.write_bytes(render(p).encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, required=True, help="how many reports to write")
    ap.add_argument("--out", type=Path, required=True, help="folder to write them to (created if missing)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the set (default 0)")
    args = ap.parse_args(argv)
    if args.reports < 0:
        ap.error("--reports must be at least 0")
    start = time.perf_counter()
    paths = generate(args.reports, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} report(s), {size / 1e6:.1f} MB, to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
