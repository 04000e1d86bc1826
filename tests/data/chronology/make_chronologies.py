#!/usr/bin/env python3
"""Writes the invented agency chronologies of the "Child R" review.

Every file under tests/data/chronology/ except this script is written by it:
setup.yaml (the review's terms of reference, acronyms and known names), one
correct chronology per format and agency as CSV and XLSX, the Windows-1252
copy of a Stockport file, the faulty files, ERRORS.md (every planted error)
and README.md (what the files are, and the counts the tests assert on).

Every person, place and organisation in them is invented. The output is the
same on every run (fixed content, fixed timestamps inside the XLSX files).

    python3 -m venv /tmp/chron-venv && /tmp/chron-venv/bin/pip install openpyxl
    /tmp/chron-venv/bin/python tests/data/chronology/make_chronologies.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = pathlib.Path(__file__).resolve().parent

# ---- the review --------------------------------------------------------------------

REFERENCE = "Child R"
PERIOD_FROM = dt.date(2023, 3, 1)
PERIOD_TO = dt.date(2024, 2, 29)
BIRTH = dt.date(2019, 11, 20)  # R's date of birth: 4 years old when injured

QUESTIONS = [
    "How well did agencies identify and respond to signs that R was being physically harmed or neglected?",
    "How well did agencies understand and respond to the domestic abuse in the household, including the risk MP posed to R?",
    "Was R seen, and seen alone, as often as she should have been, and were her wishes and feelings sought and acted on?",
    "How effectively did agencies share information and work together, including at strategy meetings, conferences and MARAC?",
    "How did agencies respond when R was not brought to appointments and when the family did not engage?",
    "Did caseloads, supervision, policies or the closure and stepping down of cases affect the help R received?",
]

# code, kind, meaning
ACRONYMS = [
    ("R", "family", "the child"),
    ("M", "family", "mother"),
    ("MP", "family", "mother's partner"),
    ("MGM", "family", "maternal grandmother"),
    ("SW1", "professional", "allocated social worker"),
    ("SW2", "professional", "emergency duty team social worker"),
    ("TM", "professional", "social care team manager"),
    ("HV1", "professional", "health visitor"),
    ("GP1", "professional", "GP"),
    ("PAED", "professional", "consultant paediatrician"),
    ("PC1", "professional", "police constable"),
    ("PS1", "professional", "police sergeant"),
    ("TS", "professional", "teaching assistant at the nursery school"),
    ("NS", "school", "nursery school attended by R"),
    ("FH", "place", "family home (M's home)"),
    ("MGMH", "place", "maternal grandmother's home"),
    ("ED", "place", "hospital emergency department"),
]
CODES = {a[0] for a in ACRONYMS}
FAMILY = {a[0] for a in ACRONYMS if a[1] == "family"}

# The board's list of names (all invented): none may appear in a chronology.
KNOWN_NAMES = [
    "Rosie Hartwell", "Rosie",        # R
    "Dana Hartwell", "Dana",          # M
    "Kyle Brennan", "Kyle",           # MP
    "Maureen Hartwell", "Maureen",    # MGM
    "Priya Lomas", "Priya",           # SW1
    "Helen Ashdown", "Helen",         # HV1
    "Gareth Voss", "Gareth",          # PC1
    "Dr Okafor",                      # GP1
    "Maple Tree Nursery",             # NS
]

AGENCIES = [("police", "Police"), ("social-care", "Social Care"), ("health", "Health")]

# ---- the entries ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    day: dt.date
    time: Optional[dt.time]
    source: str
    subjects: str  # acronyms, ", " between
    summary: str
    actions: str
    comment: str
    tor: tuple = ()
    seen: bool = False
    standard: str = ""  # Stockport's "Expected Practice/Standards"
    reason: str = ""    # why there is no time (Stockport: written into the event description)
    key: str = ""       # names the entry for the faulty copies


def e(day, time, source, subjects, summary, actions, comment, tor=(), seen=False, standard="", reason="", key=""):
    d = dt.date.fromisoformat(day)
    t = dt.time.fromisoformat(time) if time else None
    return Entry(d, t, source, subjects, summary, actions, comment, tuple(tor), seen, standard, reason, key)


POLICE = [
    e("2023-03-12", "23:40", "Command and control log", "M, MP, R, PC1",
      "999 call from a neighbour reporting shouting and a woman screaming at FH. PC1 and PS1 attended at 23:58. "
      "M had a swollen lip and said MP had pushed her into a door during an argument; MP had left before officers "
      "arrived. R was asleep in her bedroom; PC1 checked on her and she appeared unharmed. R was not seen alone and "
      "her wishes and feelings were not sought as she was asleep.",
      "DASH risk assessment completed with M: medium risk. M declined to make a statement. Area search for MP "
      "negative. Public Protection Notice (PPN) for R to be submitted.",
      "Prompt response. The DASH form does not record that R was in the house during the assault.",
      tor=(1, 2, 3), seen=True,
      standard="Domestic abuse policy: DASH risk assessment at every incident; PPN for every child present."),
    e("2023-03-13", "09:15", "Public Protection Notice (PPN)", "R, M, MP",
      "PPN for R submitted to the MASH about the incident at FH on 12/03/2023. One previous domestic incident "
      "between M and MP was recorded in 2022 (verbal argument, no offences).",
      "Shared with CSC and the health safeguarding team through the MASH.",
      "Submitted within 24 hours as the policy requires.",
      tor=(2, 4), standard="PPN to the MASH within 24 hours."),
    e("2023-03-14", "11:30", "Custody record", "MP",
      "MP attended the police station by appointment and was arrested on suspicion of assault by beating of M. "
      "In interview MP said M had fallen against the door while trying to stop him leaving.",
      "MP released on bail with conditions not to contact M or to attend FH. CSC told of the conditions by email.",
      "Bail conditions shared with CSC the same day.",
      tor=(2,)),
    e("2023-03-21", "10:00", "Strategy meeting minutes", "R, M, MP, PS1",
      "PS1 attended the strategy meeting convened by CSC with HV1 and the manager of NS, and shared the incident "
      "history and MP's bail conditions.",
      "CSC to carry out a section 47 enquiry; police to continue the criminal investigation.",
      "Police information was complete and shared promptly.",
      tor=(4,)),
    e("2023-04-04", None, "Officer's pocket notebook", "M, PC1",
      "PC1 telephoned M to update her on the investigation. M said she wanted to withdraw her support for a "
      "prosecution and that MP was \u2018not a danger\u2019 to R.",
      "M given details of the independent domestic violence adviser (IDVA) service; referral offered and declined.",
      "M\u2019s wish to withdraw was not shared with CSC.",
      tor=(2, 4), reason="Time of the call not recorded in the pocket notebook."),
    e("2023-05-17", "14:10", "Crime report", "M, MP",
      "M gave a retraction statement. The Crown Prosecution Service advised that there was not enough evidence to "
      "proceed without M\u2019s evidence.",
      "No further action against MP; bail conditions cancelled. CSC informed by email.",
      "An evidence-led prosecution was not considered.",
      tor=(2,)),
    e("2023-06-28", "23:05", "Command and control log", "MGM, M, MP, R",
      "MGM telephoned to say she had heard shouting when she rang M and that M had then ended the call. Officers "
      "attended FH at 23:30: no answer at the door and no sound of a disturbance.",
      "Card left. Incident closed with no further action; no PPN submitted for R.",
      "No attempt to find out whether R was safe, and CSC not told; a PPN would have been expected.",
      tor=(1, 2, 4), standard="PPN for every child in a household where a domestic incident is reported."),
    e("2023-10-14", "21:50", "Command and control log", "M, MP, R, PC1",
      "999 call from M saying MP was \u2018smashing the place up\u2019. M had been at a caf\u00e9 in town with MGM "
      "and had come home to find MP drunk; R had been left in MP's care. PC1 and a colleague attended. MP was arrested "
      "for criminal damage (damage estimated at \u00a3250) and common assault on M. R was awake and upset. "
      "R was seen alone by PC1 in her bedroom for a few minutes and her wishes and feelings were sought: R said MP "
      "\u2018shouts a lot\u2019 and that she wanted to stay with M.",
      "DASH risk assessment: high risk. Referral to MARAC; PPN for R.",
      "Good practice: R seen alone and her words recorded.",
      tor=(1, 2, 3), seen=True,
      standard="High-risk DASH: MARAC referral and PPN within 24 hours."),
    e("2023-10-16", "08:30", "PPN and MARAC referral", "R, M, MP",
      "PPN for R and MARAC referral submitted to the MASH. MP charged with criminal damage and common assault and "
      "released on bail with conditions not to attend FH.",
      "CSC and the health safeguarding team informed through the MASH.",
      "Referral made 35 hours after the incident, over a weekend.",
      tor=(2, 4)),
    e("2023-10-16", "14:30", "Strategy discussion record", "R, M, MP, PS1",
      "PS1 took part in a strategy discussion by telephone with TM and HV1.",
      "CSC to lead a section 47 enquiry; police to share MP's bail conditions with NS.",
      "Appropriate and timely.",
      tor=(4,)),
    e("2023-11-09", "10:00", "MARAC minutes", "M, MP, R",
      "MARAC heard the case. Police reported two domestic incidents at FH in seven months and the call-out of "
      "28/06/2023.",
      "Marker placed on FH for an urgent response to any call; police to monitor MP's bail conditions.",
      "Actions clear, but no one was named to check that MP kept to his bail conditions.",
      tor=(2, 4)),
    e("2023-12-22", None, "Intelligence report", "MP, M",
      "Intelligence received that MP's car had been seen outside FH overnight on several occasions, in breach of his "
      "bail conditions.",
      "Intelligence shared with CSC by email. No visit made to FH.",
      "The breach of bail was not acted on and the marker on FH was not used.",
      tor=(2, 4), reason="Time the report was received not recorded on the intelligence system."),
    e("2024-01-11", "10:30", "Court result", "MP",
      "MP pleaded guilty at the magistrates\u2019 court to criminal damage; the assault charge was withdrawn.",
      "MP fined and ordered to pay \u00a3250 compensation. No restraining order was applied for.",
      "A restraining order would have given M and R lasting protection.",
      tor=(2,)),
    e("2024-02-18", "19:05", "Command and control log", "R, MGM, PC1",
      "Call from ED: R had been brought in by MGM with a broken forearm and bruising to her face and back, and the "
      "explanations given were inconsistent. PC1 attended ED at 19:40 and saw R with MGM present. R was not seen "
      "alone and her wishes and feelings were not sought as she was in pain and being treated.",
      "Crime report for child cruelty created; referral to the Child Abuse Investigation Team; SW2 informed.",
      "Prompt response and referral.",
      tor=(1, 3, 4), seen=True, standard="Child abuse investigation policy: strategy discussion within 24 hours."),
    e("2024-02-18", "23:30", "Custody record", "M, MP",
      "M and MP arrested at FH on suspicion of causing grievous bodily harm to R and of child cruelty.",
      "Both interviewed on 19/02/2024 and released under investigation, with conditions not to have unsupervised "
      "contact with R.",
      "Arrests made the same evening.",
      tor=(1, 2)),
    e("2024-02-19", "10:00", "Strategy meeting minutes", "R, M, MP, MGM",
      "A detective sergeant from the Child Abuse Investigation Team attended the strategy meeting with CSC and "
      "health.",
      "Joint section 47 enquiry. An achieving best evidence interview is not appropriate because of R's age and "
      "speech; R to stay with MGM.",
      "Joint working agreed.",
      tor=(4,)),
]

SOCIAL_CARE = [
    e("2023-03-06", "10:30", "MASH contact record", "R, M, NS",
      "Contact from the manager of NS: R arrived at nursery with a small bruise to her left cheek; M said R had "
      "fallen off the sofa. R was described as quiet and tired.",
      "MASH checks with police and health: one domestic incident between M and MP in 2022. Decision: no further "
      "action; NS advised to keep a record and to refer again if concerned.",
      "The injury was not considered together with the domestic abuse history.",
      tor=(1, 4), standard="MASH decision within 24 hours of a contact.", key="S1"),
    e("2023-03-13", "11:20", "MASH contact record", "R, M, MP",
      "PPN received from police about the domestic incident at FH on 12/03/2023 while R was in the house; the "
      "second contact about R in a week.",
      "TM decided to hold a strategy meeting because of the bruise reported on 06/03/2023.",
      "Appropriate escalation.",
      tor=(2, 4)),
    e("2023-03-13", "15:45", "Case note", "R, M, TM",
      "TM allocated the case to SW1 and set the strategy meeting for 21/03/2023.",
      "SW1 to invite police, HV1 and NS.",
      "A strategy meeting eight days after the decision is not timely.",
      tor=(4, 6), standard="Strategy discussion to be held promptly, usually within one working day.", key="S3"),
    e("2023-03-21", "10:00", "Strategy meeting minutes", "R, M, MP",
      "Strategy meeting chaired by TM with PS1, HV1 and the manager of NS. Threshold for a section 47 enquiry met.",
      "Section 47 enquiry by SW1; R to be seen within 48 hours; HV1 to make a targeted home visit.",
      "Good attendance and clear actions.",
      tor=(1, 2, 4)),
    e("2023-03-23", "14:00", "Home visit record", "R, M, SW1",
      "Home visit by SW1 to FH. The home was cluttered but warm, with food in the fridge. R was seen alone in her "
      "bedroom and R's wishes and feelings were sought using drawings: R said she liked nursery and was 'scared when "
      "MP shouts'. M said MP had moved out and would not return while on bail.",
      "SW1 to speak to MGM and to NS.",
      "R seen alone and her words recorded, but 52 hours after the strategy meeting, not within the 48 hours agreed.",
      tor=(1, 3), seen=True, standard="Child seen, and seen alone, during a section 47 enquiry."),
    e("2023-03-23", None, "Telephone record", "MGM, SW1",
      "SW1 telephoned MGM, who said she looks after R most weekends and had seen MP 'lose his temper' with M.",
      "MGM agreed to call CSC if she was worried.",
      "MGM was a protective factor; her knowledge was not explored further.",
      tor=(4,), reason="Time of the call not recorded in the case notes.", key="S6"),
    e("2023-04-18", "13:00", "Section 47 outcome", "R, M, MP",
      "Section 47 enquiry concluded: concerns substantiated, but R not judged to be at continuing risk of significant "
      "harm while MP lived elsewhere. Child and family assessment completed.",
      "Child in need (CIN) plan agreed with M: M to attend a domestic abuse programme; R to attend nursery full time; "
      "HV1 to monitor R's speech.",
      "MP was not seen or assessed.",
      tor=(1, 2, 4), key="S7"),
    e("2023-05-03", "15:30", "Home visit record", "R, M",
      "Unannounced home visit by SW1: no reply and the curtains were drawn. R not seen.",
      "Card left asking M to get in touch. M telephoned the next day to say she had been out.",
      "The no-access visit was not followed up with a further visit.",
      tor=(3, 5), key="S8"),
    e("2023-05-10", "10:00", "CIN meeting minutes", "R, M, MP, HV1, NS",
      "First CIN meeting: M, HV1 and the manager of NS attended; MP was invited but did not come. HV1 reported that "
      "R had not been brought to a speech and language therapy appointment.",
      "M to rebook the appointment; SW1 to visit every two weeks.",
      "MP's absence was not followed up.",
      tor=(4, 5), standard="CIN meeting within 10 working days of the assessment."),
    e("2023-06-12", "16:00", "Home visit record", "R, M",
      "Home visit by SW1. R was seen with M in the living room. R was not seen alone because M said she was too "
      "tired, and R's wishes and feelings were not sought. A man's jacket was on the sofa; M said it was MP's but "
      "that he had only visited.",
      "SW1 reminded M of the safety plan.",
      "The jacket was not explored. Visits every two weeks, agreed on 10/05/2023, were not made.",
      tor=(2, 3), seen=True, standard="CIN plan: visits every two weeks, R seen alone.", key="S10"),
    e("2023-07-17", "11:00", "CIN review minutes", "R, M",
      "CIN review: M had completed four sessions of the domestic abuse programme and NS reported good attendance. "
      "TM decided to close the case and step it down to early help.",
      "Case closed to CSC; early help referral made. Early help did not start work before the case was reopened.",
      "Closed without R being seen alone since March; SW1 had a caseload of 28.",
      tor=(3, 4, 6)),
    e("2023-10-16", "09:40", "MASH contact record", "R, M, MP",
      "PPN and MARAC referral received about the domestic incident at FH on 14/10/2023, when R had been left in "
      "MP's care.",
      "Case reopened and allocated to SW1.",
      "Reopened the next working day.",
      tor=(2, 4)),
    e("2023-10-16", "14:30", "Strategy discussion record", "R, M, MP, TM",
      "Strategy discussion by telephone between TM, PS1 and HV1.",
      "Section 47 enquiry; initial child protection conference (ICPC) to be convened.",
      "Timely; NS was not included.",
      tor=(4,), key="S13"),
    e("2023-10-19", None, "Visit record", "R, NS, TS, SW1",
      "SW1 visited R at NS. R was seen in a quiet room with TS present, so R was not seen alone; R's wishes and "
      "feelings were sought using the three houses tool: R drew MP in her 'house of worries' and said she liked "
      "being at MGMH.",
      "Findings shared with TM.",
      "Good use of a tool suited to R's age and speech.",
      tor=(3,), seen=True, reason="Time of the visit not recorded on the case record."),
    e("2023-11-02", "13:30", "ICPC minutes", "R, M, MP, MGM",
      "Initial child protection conference: M and MGM attended; MP did not. R made the subject of a child protection "
      "plan under the category of emotional abuse.",
      "Core group to meet within 10 working days; SW1 to visit R every 10 working days and to see her alone.",
      "Held within 15 working days of the strategy discussion.",
      tor=(1, 2, 4), standard="ICPC within 15 working days of the strategy discussion.", key="S15"),
    e("2023-11-09", "10:00", "MARAC minutes", "M, MP, R",
      "SW1 attended MARAC.",
      "Safety plan to be reviewed with M; IDVA to contact M.",
      "The CSC plan and the MARAC actions were not linked.",
      tor=(2, 4), key="S16"),
    e("2023-12-07", "15:00", "Home visit record", "R, M",
      "Home visit by SW1. R was seen alone in her bedroom and her wishes and feelings were sought: R said 'MP is nice "
      "now' and asked when she could see MGM. M denied any contact with MP.",
      "Core group told of the visit.",
      "R's words suggested contact with MP; they were not explored with M.",
      tor=(2, 3), seen=True, standard="CP plan: R seen alone every 10 working days.", key="S17"),
    e("2024-01-05", "11:15", "Home visit record", "R, M, MGM",
      "Planned home visit: no answer. MGM told SW1 by telephone that M and R were 'away for a few days'. "
      "R not seen.",
      "SW1 to visit again the following week; the next visit was not made until after 25/01/2024.",
      "R was not seen for over six weeks while subject to a child protection plan.",
      tor=(3, 5), standard="CP plan: R seen alone every 10 working days."),
    e("2024-01-25", "14:00", "Core group minutes", "R, M, HV1, NS",
      "Core group: M attended; MP was not invited. HV1 reported that R had not been brought to two health "
      "appointments; NS reported that R's attendance had fallen to 60%.",
      "SW1 to raise the missed appointments with M; core group to meet again in four weeks.",
      "Police intelligence of 22/12/2023 about MP was not discussed.",
      tor=(4, 5), key="S19"),
    e("2024-02-18", "20:10", "Emergency duty team record", "R, MGM, SW2",
      "SW2 was told by police of R's injuries and attended ED at 21:00. R was seen with MGM; R was not seen alone "
      "and her wishes and feelings were not sought as she was asleep after pain relief.",
      "Safety plan: R to stay with MGM at MGMH when discharged; M and MP not to have unsupervised contact.",
      "Prompt and proportionate out-of-hours response.",
      tor=(1, 3, 4), seen=True),
    e("2024-02-19", "10:00", "Strategy meeting minutes", "R, M, MP, MGM",
      "Strategy meeting chaired by TM with police and the health safeguarding team.",
      "Joint section 47 enquiry; child protection medical today; request for a review to the safeguarding "
      "partnership.",
      "Appropriate.",
      tor=(1, 4)),
    e("2024-02-22", None, "Home visit record", "R, MGM, SW1",
      "SW1 visited R at MGMH. R was seen alone in the garden and her wishes and feelings were sought: R first said "
      "she 'fell off the bed' and then that MP 'was cross'.",
      "Account shared with police the same day.",
      "R seen alone and her account shared quickly.",
      tor=(1, 3), seen=True, reason="Time of the visit not recorded on the case record."),
]

HEALTH = [
    e("2023-03-02", "09:30", "GP record", "R, M",
      "GP1 saw R with M for a cough and a rash; viral illness diagnosed. R was not seen alone and her wishes and "
      "feelings were not sought (a consultation for illness, R aged 3).",
      "Advice given. No safeguarding concerns recorded.",
      "Routine consultation.",
      tor=(1, 3), seen=True),
    e("2023-03-13", "14:00", "Health visiting record", "R, M, MP",
      "HV1 received the police notification of the domestic incident on 12/03/2023 from the health safeguarding "
      "team. Records reviewed: speech delay noted at R's two-year review in 2021; no health visiting contact since.",
      "HV1 to offer a targeted home visit; GP1 told by a task on the GP system.",
      "Information passed to GP1 the same day.",
      tor=(2, 4)),
    e("2023-03-21", "10:00", "Strategy meeting minutes", "R, M, MP",
      "HV1 attended the strategy meeting and shared R's health history and speech delay.",
      "HV1 to make a targeted home visit and to refer R to speech and language therapy (SALT).",
      "Good information sharing.",
      tor=(4,)),
    e("2023-03-30", None, "Health visiting record", "R, M",
      "Targeted home visit by HV1. R was seen with M; R was not seen alone and her wishes and feelings were not "
      "sought. R used single words only; weight on the 25th centile. M said she was coping.",
      "Referral to SALT. Next contact in six weeks.",
      "R's voice was not sought even though HV1 knew of the domestic abuse.",
      tor=(1, 3), seen=True, reason="Time of the visit not recorded in the electronic record."),
    e("2023-04-26", "09:00", "SALT clinic record", "R, M",
      "R was not brought to her first SALT appointment. M did not get in touch.",
      "'Was not brought' letter to M, copied to HV1 and GP1; a new appointment to be offered.",
      "The 'was not brought' policy was followed.",
      tor=(5,)),
    e("2023-05-10", "10:00", "CIN meeting minutes", "R, M",
      "HV1 attended the CIN meeting and reported the missed SALT appointment.",
      "M agreed to take R to the next appointment.",
      "Appropriate.",
      tor=(4, 5)),
    e("2023-05-10", "16:20", "Health visiting record", "R, GP1",
      "HV1 telephoned GP1's practice to share the CIN plan and the missed SALT appointment.",
      "Alert added to R's GP record.",
      "Good practice.",
      tor=(4, 5)),
    e("2023-06-08", "11:10", "GP record", "M",
      "M saw GP1 with low mood and poor sleep. M said she was worried about money; asked about relationships at home, "
      "M denied domestic abuse.",
      "Antidepressant started; review in four weeks (not attended).",
      "GP1 had been told of the domestic incident on 13/03/2023 but did not refer to it.",
      tor=(2,), key="H8"),
    e("2023-07-17", "11:00", "CIN review minutes", "R, M",
      "HV1 attended the CIN review and reported that R was still waiting for a SALT appointment.",
      "HV1 agreed with closure; R transferred back to the universal health visiting service.",
      "R's speech delay and the missed appointment were given little weight in the decision to close.",
      tor=(4, 6)),
    e("2023-10-02", "10:30", "GP record", "R, MGM",
      "GP1 saw R, brought by MGM, with a healing burn to the back of her right hand. MGM said R had touched the oven "
      "door at FH three days before. R was not seen alone and her wishes and feelings were not sought.",
      "Dressing advised. No safeguarding referral; GP1 noted that the case was closed to CSC.",
      "The delay in seeking treatment and the CSC history were not considered; a referral would have been expected.",
      tor=(1, 3, 4), seen=True),
    e("2023-10-16", "14:30", "Health visiting record", "R, M, MP",
      "HV1 took part in the strategy discussion by telephone.",
      "HV1 to send a report to the ICPC.",
      "The burn seen by GP1 on 02/10/2023 was not known to HV1 and was not shared.",
      tor=(4,)),
    e("2023-11-02", "13:30", "ICPC minutes", "R, M, MP, MGM",
      "HV1 attended the ICPC and reported R's speech delay and the missed SALT appointment.",
      "HV1 a core group member; HV1 to visit every month.",
      "Appropriate.",
      tor=(1, 4)),
    e("2023-11-02", None, "GP record", "R, M",
      "GP1's report to the ICPC sent by the practice: R's attendances, including the burn on 02/10/2023, and M's low "
      "mood.",
      "None.",
      "The report arrived after the conference had started.",
      tor=(1, 4), reason="Time not recorded; the report was sent from the practice's shared email inbox."),
    e("2023-11-09", "10:00", "MARAC minutes", "M, MP, R",
      "The named nurse for safeguarding attended MARAC for health; HV1 sent information beforehand.",
      "Flag added to M's and R's health records.",
      "Appropriate.",
      tor=(2, 4)),
    e("2023-11-28", "13:15", "Health visiting record", "R, M",
      "Planned home visit by HV1: no access, although a neighbour said the family was in. R not seen.",
      "Card left; letter offering a new appointment; SW1 told by email.",
      "No-access visit shared with SW1 the same day.",
      tor=(3, 5)),
    e("2023-12-12", None, "SALT clinic record", "R, M",
      "R was not brought to her rearranged SALT appointment.",
      "R discharged from SALT under the 'was not brought' policy; letter to GP1 and HV1.",
      "Discharging a child on a child protection plan for not being brought is contrary to the policy.",
      tor=(5, 6), reason="Time not recorded in the clinic system."),
    e("2024-01-25", "14:00", "Core group minutes", "R, M",
      "HV1 attended the core group and reported the SALT discharge and the no-access visit.",
      "HV1 to refer R to SALT again with M's consent.",
      "The monthly visits agreed at the ICPC had not been made.",
      tor=(4, 5)),
    e("2024-02-18", "18:20", "Emergency department record", "R, MGM",
      "R brought to ED by MGM, who said M had called her because R would not stop crying and her arm was swollen. "
      "X-ray: broken left forearm; bruising to the face and back of different ages. MGM said she had been told R fell "
      "down the stairs. R was seen alone by the ED nurse while MGM was in the waiting room; R's wishes and feelings "
      "were sought but R said only that she wanted MGM.",
      "ED doctor referred R to police (18:50) and to the emergency duty team; R admitted to the children's ward.",
      "Injuries recognised and referred promptly.",
      tor=(1, 3), seen=True),
    e("2024-02-19", "10:00", "Strategy meeting minutes", "R, M, MP, MGM",
      "The named nurse for safeguarding attended the strategy meeting.",
      "Child protection medical by PAED at 14:00.",
      "Appropriate.",
      tor=(4,)),
    e("2024-02-19", "14:00", "Child protection medical report", "R, MGM, PAED",
      "Child protection medical by PAED with MGM present: spiral fracture of the left forearm and eleven bruises, "
      "some more than a week old; findings consistent with non-accidental injury. R was not seen alone (MGM stayed to "
      "comfort her); R's wishes and feelings were sought: R said 'MP hurt my arm'.",
      "Report to police and CSC the same day.",
      "Thorough medical; R's words recorded verbatim.",
      tor=(1, 3), seen=True),
]

ENTRIES = {"police": POLICE, "social-care": SOCIAL_CARE, "health": HEALTH}

ESSEX_SUMMARIES = {
    "police": "Officers responded quickly to 999 calls and, in October 2023, saw R alone and recorded her words. "
              "But R's presence was not recorded in March 2023, the call-out of 28/06/2023 was closed without "
              "checking that R was safe or telling CSC, and the breach of MP's bail conditions in December 2023 was "
              "not acted on. Learning: every domestic abuse call-out where a child lives needs a PPN, and bail "
              "conditions protecting a child need an owner.",
    "social-care": "R was seen alone at key points of both section 47 enquiries, and tools suited to her age were "
                   "used. But the strategy meeting in March 2023 was late, MP was never assessed, visits agreed in "
                   "the CIN and child protection plans were not made, and the case was closed in July 2023 without "
                   "R being seen alone since March. Learning: closure decisions need the child's recent voice, and "
                   "plans need visits that happen.",
    "health": "Health staff shared information well at meetings, and ED recognised R's injuries and referred them "
              "at once. But R's voice was rarely sought, the burn seen on 02/10/2023 was not referred while the case "
              "was closed to CSC, and R was discharged from SALT for not being brought while on a child protection "
              "plan. Learning: 'was not brought' must trigger professional curiosity, not discharge, for a child "
              "known to CSC.",
}
SUMMARY_LABEL = "Summary of themes and learning"

# ---- cells -----------------------------------------------------------------------------


@dataclass
class Cell:
    """One cell: its text in a CSV file, and its value and number format in an XLSX workbook."""
    text: str
    value: object = None
    number_format: Optional[str] = None


def text_cell(s):
    return Cell(s, s if s else None)


def date_cell(d, form, xlsx_format):
    return Cell(format_date(d, form), d, xlsx_format)


def time_cell(t, form):
    return Cell(format_time(t, form), t, "hh:mm")


def format_date(d, form):
    return {
        "dd/mm/yyyy": d.strftime("%d/%m/%Y"),
        "dd/mm/yy": d.strftime("%d/%m/%y"),
        "dd.mm.yyyy": d.strftime("%d.%m.%Y"),
        "dd.mm.yy": d.strftime("%d.%m.%y"),
    }[form]


def format_time(t, form):
    return {"HH:MM": t.strftime("%H:%M"), "HHMM": t.strftime("%H%M")}[form]


def age(on):
    months = (on.year - BIRTH.year) * 12 + on.month - BIRTH.month - (on.day < BIRTH.day)
    return f"{months // 12}y {months % 12}m"


def tor_cell(tor):
    if not tor:
        return Cell("", None)
    if len(tor) == 1:  # what Excel keeps of a typed number
        return Cell(str(tor[0]), tor[0])
    s = ", ".join(str(q) for q in tor)
    return Cell(s, s)


def yes_no(b):
    return "Y" if b else "N"


def ordered(entries, untimed_first):
    """The agency's order: by day, the untimed first or last among the day's entries, then by time."""
    def key(item):
        i, x = item
        untimed = x.time is None
        return (x.day, (0 if untimed else 1) if untimed_first else (1 if untimed else 0), x.time or dt.time(0), i)
    return [x for _, x in sorted(enumerate(entries), key=key)]


# ---- the four formats --------------------------------------------------------------------

@dataclass
class Table:
    headings: list
    rows: list = field(default_factory=list)  # lists of Cell; [] is a blank row
    widths: list = field(default_factory=list)


NY_HEADINGS = ["Date", "Time", "Type of Event or Document Source", "Initials of family member/Person involved",
               "Summary of key information", "Decisions and Actions", "Issues for review/Comment"]
ESSEX_HEADINGS = NY_HEADINGS[:6] + ["Comments, analysis and observations of practice"]
SOLIHULL_HEADINGS = ["Event No", "Date", "Time", "Age of Child", "Family Member",
                     "Child seen/wishes sought or expressed", "Event", "Agency source to overview", "Action taken",
                     "Note"]
STOCKPORT_HEADINGS = ["Date", "Time", "Source of Information", "Subject of recording",
                      "Event description, actions and outcomes", "Expected Practice/Standards",
                      "Relevant Terms of Reference", "Child Seen (Y/N)"]
WIDE = 60


def north_yorkshire(entries):
    t = Table(NY_HEADINGS, widths=[11, 7, 24, 16, WIDE, 40, 40])
    for i, x in enumerate(ordered(entries, untimed_first=False)):
        # ChronoLator takes both 01.01.2004 and 22.05.04, and 01:00 and 0100 (000:391): a mix, as typed.
        dform = "dd.mm.yy" if i % 3 == 2 else "dd.mm.yyyy"
        tform = "HHMM" if i % 4 == 1 else "HH:MM"
        t.rows.append([date_cell(x.day, dform, "dd/mm/yyyy"),
                       time_cell(x.time, tform) if x.time else text_cell(""),
                       text_cell(x.source), text_cell(x.subjects), text_cell(x.summary), text_cell(x.actions),
                       text_cell(x.comment)])
    return t


def essex(entries, summary):
    t = Table(ESSEX_HEADINGS, widths=[11, 7, 24, 16, WIDE, 40, 40])
    for x in ordered(entries, untimed_first=False):
        t.rows.append([date_cell(x.day, "dd/mm/yyyy", "dd/mm/yyyy"),
                       time_cell(x.time, "HH:MM") if x.time else text_cell(""),
                       text_cell(x.source), text_cell(x.subjects), text_cell(x.summary), text_cell(x.actions),
                       text_cell(x.comment)])
    if summary is not None:
        t.rows.append([])
        t.rows.append([text_cell(SUMMARY_LABEL), text_cell(summary)])
    return t


def solihull(entries):
    t = Table(SOLIHULL_HEADINGS, widths=[8, 11, 7, 9, 14, 14, WIDE, 24, 40, 40])
    for n, x in enumerate(ordered(entries, untimed_first=False), start=1):
        family = ", ".join(c for c in x.subjects.split(", ") if c in FAMILY)
        t.rows.append([Cell(str(n), n), date_cell(x.day, "dd/mm/yyyy", "dd/mm/yyyy"),
                       time_cell(x.time, "HH:MM") if x.time else text_cell(""),
                       text_cell(age(x.day)), text_cell(family), text_cell(yes_no(x.seen)), text_cell(x.summary),
                       text_cell(x.source), text_cell(x.actions), text_cell(x.comment)])
    return t


def stockport_event(x):
    parts = [x.summary, x.actions]
    if x.time is None:
        parts.append(x.reason)
    return " ".join(p for p in parts if p)


def stockport_row(x):
    return [date_cell(x.day, "dd/mm/yy", "dd/mm/yy"),
            time_cell(x.time or dt.time(0, 0), "HH:MM"),
            text_cell(x.source), text_cell(x.subjects), text_cell(stockport_event(x)), text_cell(x.standard),
            tor_cell(x.tor), text_cell(yes_no(x.seen))]


def stockport(entries):
    t = Table(STOCKPORT_HEADINGS, widths=[10, 7, 24, 16, WIDE, 36, 12, 10])
    for x in ordered(entries, untimed_first=True):
        t.rows.append(stockport_row(x))
    return t


FORMATS = {
    "north-yorkshire-2010": lambda slug: north_yorkshire(ENTRIES[slug]),
    "stockport-2010": lambda slug: stockport(ENTRIES[slug]),
    "solihull-2011": lambda slug: solihull(ENTRIES[slug]),
    "essex-2016": lambda slug: essex(ENTRIES[slug], ESSEX_SUMMARIES[slug]),
}

# ---- writing ----------------------------------------------------------------------------

FIXED_TIME = (2024, 3, 1, 9, 0, 0)  # inside the XLSX archives, for the same bytes on every run
FIXED_STAMP = "2024-03-01T09:00:00Z"


def csv_text(table):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")  # Excel: CRLF, quotes only where needed
    width = len(table.headings)
    w.writerow(table.headings)
    for row in table.rows:
        cells = [c.text for c in row]
        w.writerow(cells + [""] * (width - len(cells)))  # Excel pads rows to the used range
    return out.getvalue()


def write_csv(path, table, encoding="utf-8-sig"):
    path.write_bytes(csv_text(table).encode(encoding))


def write_xlsx(path, table):
    wb = Workbook()
    ws = wb.active
    ws.title = "Chronology"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for j, h in enumerate(table.headings, start=1):
        c = ws.cell(row=1, column=j, value=h)
        c.font = bold
        c.alignment = wrap
    for i, row in enumerate(table.rows, start=2):
        for j, cell in enumerate(row, start=1):
            if cell.value is None:
                continue
            c = ws.cell(row=i, column=j, value=cell.value)
            if cell.number_format:
                c.number_format = cell.number_format
            c.alignment = wrap if isinstance(cell.value, str) and len(cell.value) > 20 else top
    for j, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "libscr test data"
    wb.properties.created = dt.datetime(*FIXED_TIME)
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(raw) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    # openpyxl stamps the save time into docProps/core.xml: fix it.
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                        rb"\g<1>" + FIXED_STAMP.encode(), parts["docProps/core.xml"])
    if "xl/sharedStrings.xml" not in parts:
        shared_strings(parts)
    # Excel puts [Content_Types].xml first; fixed timestamps in the archive too.
    names = sorted(parts, key=lambda n: n != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            zi = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, parts[name])
    path.write_bytes(out.getvalue())


def shared_strings(parts):
    """Moves the worksheets' inline strings (what openpyxl 3.1 writes) into a shared string table, where
    Excel keeps every text cell."""
    table, index = [], {}

    def shared(m):
        t = m.group(2)
        if t not in index:
            index[t] = len(table)
            table.append(t)
        return b"<c " + m.group(1) + b't="s"><v>' + str(index[t]).encode() + b"</v></c>"

    count = 0
    for name in [n for n in parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
        parts[name], n = re.subn(rb'<c ([^>]*?)t="inlineStr"><is>(<t(?: [^>]*)?>[^<]*</t>|<t(?: [^>]*)?/>)</is></c>',
                                 shared, parts[name])
        assert b"inlineStr" not in parts[name], "an inline string the conversion does not know"
        count += n
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (count, len(table)) + b"".join(b"<si>" + t + b"</si>" for t in table) + b"</sst>")
    parts["xl/sharedStrings.xml"] = sst
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdSharedStrings" /></Relationships>')


def write_setup(path):
    def scalar(s):
        return s if re.fullmatch(r"[A-Za-z][A-Za-z0-9 '\-]*", s) else '"' + s.replace('"', '\\"') + '"'
    lines = [f"reference: {REFERENCE}",
             f"period: {{from: {PERIOD_FROM.isoformat()}, to: {PERIOD_TO.isoformat()}}}",
             "questions:"]
    lines += [f'  - "{q}"' for q in QUESTIONS]
    lines.append("acronyms:")
    lines += [f"  - {{code: {c}, kind: {k}, meaning: {scalar(m)}}}" for c, k, m in ACRONYMS]
    lines.append("known_names: [" + ", ".join(f'"{n}"' for n in KNOWN_NAMES) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


# ---- the faulty copies ----------------------------------------------------------------------

@dataclass
class Fault:
    row: int       # the file's row (1-based, header = 1; 0 = the file as a whole)
    column: str    # the heading in the file, or ""
    rule: str
    what: str
    level: str = "error"

    def cell(self, headings):
        if self.row == 0 or self.column not in headings:
            return ""
        return f"{get_column_letter(headings.index(self.column) + 1)}{self.row}"


def stockport_social_care_faulty():
    """The first submission of the Stockport Social Care chronology; social-care.csv is its correction."""
    headings = STOCKPORT_HEADINGS + ["Worker"]
    col = {h: i for i, h in enumerate(headings)}
    early = e("2023-01-13", "10:05", "MASH contact record", "R, M",
              "Contact from the manager of NS: R collected late from nursery twice in one week by MP.",
              "Advice given to NS; no further action.",
              "", tor=(1,), key="early")
    entries = ordered([early] + SOCIAL_CARE, untimed_first=True)
    workers = {"S3": "TM", "S13": "TM"}
    rows, faults, where = [], [], {}
    for x in entries:
        row = stockport_row(x) + [text_cell(workers.get(x.key, "SW2" if "SW2" in x.subjects else "SW1"))]
        where[x.key] = len(rows) + 2
        rows.append(row)

    def fault(key, column, rule, what, level="error"):
        faults.append(Fault(where[key], column, rule, what, level))
        return rows[where[key] - 2]

    faults.append(Fault(1, "Worker", "header-unknown", "a column the template does not have"))
    fault("early", "Date", "period", "13/01/23 is before the period (01/03/2023 to 29/02/2024)")
    r = fault("S1", "Event description, actions and outcomes", "known-name",
              "the name \"Rosie Hartwell\" (a known name; it also contains the known first name \"Rosie\")")
    r[col["Event description, actions and outcomes"]] = text_cell(
        r[col["Event description, actions and outcomes"]].text.replace("R arrived", "Rosie Hartwell arrived", 1))
    r = fault("S3", "Time", "time-missing", "blank time (Stockport: 00:00 and a reason when it is not known)")
    r[col["Time"]] = text_cell("")
    s6 = next(x for x in SOCIAL_CARE if x.key == "S6")
    r = fault("S6", "Time", "time-unknown-reason", "00:00 with no reason in the event description")
    r[col["Event description, actions and outcomes"]] = text_cell(" ".join([s6.summary, s6.actions]))
    r = fault("S7", "Time", "time-format", "\"5.30pm\" is not HH:MM")
    r[col["Time"]] = text_cell("5.30pm")
    r = fault("S8", "Date", "date-format", "\"3 May 2023\" is not dd/mm/yy (a text cell in the XLSX)")
    r[col["Date"]] = text_cell("3 May 2023")
    r = fault("S10", "Date", "date-format", "\"2023-06-12\" is not dd/mm/yy (a text cell in the XLSX)")
    r[col["Date"]] = text_cell("2023-06-12")
    r = fault("S13", "Child Seen (Y/N)", "yes-no", "\"Maybe\" is not Y or N")
    r[col["Child Seen (Y/N)"]] = text_cell("Maybe")
    r = fault("S15", "Subject of recording", "code-unknown", "\"XY\" is not in the acronym list")
    r[col["Subject of recording"]] = text_cell("R, M, MP, XY")
    r = fault("S16", "Relevant Terms of Reference", "tor-unknown", "question 9 does not exist (there are 6)")
    r[col["Relevant Terms of Reference"]] = text_cell("2, 9")
    r = fault("S17", "Event description, actions and outcomes", "seen-detail",
              "Child Seen Y, but the description says neither whether R was seen alone nor whether her wishes "
              "were sought", level="warning")
    r[col["Event description, actions and outcomes"]] = text_cell(
        "Home visit by SW1. R was playing in her bedroom. M denied any contact with MP. Core group told of the visit.")
    r = fault("S19", "Source of Information", "required", "Source of Information left blank")
    r[col["Source of Information"]] = text_cell("")
    return Table(headings, rows, widths=[10, 7, 24, 16, WIDE, 36, 12, 10, 8]), faults


def north_yorkshire_police_faulty():
    t = north_yorkshire(POLICE)
    t.headings = ["Date of event"] + t.headings[1:]
    keys = ordered(POLICE, untimed_first=False)
    row_of = {id(x): i + 2 for i, x in enumerate(keys)}
    faults = [Fault(1, "Date of event", "header-unknown", "\"Date\" renamed \"Date of event\""),
              Fault(1, "Date", "header-missing", "the required column \"Date\" is missing (renamed)")]

    def at(entry_index, column, rule, what):
        row = row_of[id(POLICE[entry_index])]
        faults.append(Fault(row, column, rule, what))
        return t.rows[row - 2]

    r = at(5, "Date of event", "date-invalid", "")
    faults[-1].what = f"31.02.2023 is not a date (was {r[0].text})"
    r[0] = text_cell("31.02.2023")
    r = at(8, "Initials of family member/Person involved", "code-unknown", "\"PC2\" is not in the acronym list")
    r[3] = text_cell("R, M, MP, PC2")
    r = at(10, "Summary of key information", "required", "summary left blank")
    r[4] = text_cell("")
    r = at(11, "Decisions and Actions", "known-name", "the known first name \"Kyle\"")
    r[5] = text_cell("Intelligence shared with CSC by email. Kyle to be reminded of his bail conditions; "
                     "no visit made to FH.")
    return t, faults


def essex_health_faulty():
    t = essex(HEALTH, None)  # no blank row, no summary
    h8 = next(x for x in ordered(HEALTH, untimed_first=False) if x.key == "H8")
    row = ordered(HEALTH, untimed_first=False).index(h8) + 2
    t.rows[row - 2][6] = text_cell("")
    faults = [Fault(row, "Comments, analysis and observations of practice", "required", "comment left blank"),
              Fault(0, "", "summary-missing",
                    f"no blank row and \"{SUMMARY_LABEL}\" row after the last entry (row {len(t.rows) + 1})")]
    return t, faults


# ---- checks and counts --------------------------------------------------------------------------

def check_entries():
    names = [n.lower() for n in KNOWN_NAMES]
    for slug, entries in ENTRIES.items():
        assert 12 <= len(entries) <= 25, slug
        for x in entries:
            assert PERIOD_FROM <= x.day <= PERIOD_TO, (slug, x.day)
            codes = x.subjects.split(", ")
            assert codes and all(c in CODES for c in codes), (slug, x.subjects)
            assert any(c in FAMILY for c in codes), (slug, x.subjects)  # Solihull's Family Member
            assert all(1 <= q <= len(QUESTIONS) for q in x.tor), (slug, x.tor)
            text = " ".join([x.source, x.summary, x.actions, x.comment, x.standard, x.reason]).lower()
            for n in names:
                assert not re.search(r"\b" + re.escape(n) + r"\b", text), (slug, n, x.day)
            assert (x.time is None) == bool(x.reason), (slug, x.day)
            assert not x.reason or "time" in x.reason.lower(), (slug, x.day)
            if x.seen:
                ev = stockport_event(x).lower()
                assert "seen alone" in ev and "wishes and feelings" in ev, (slug, x.day)
            assert x.time != dt.time(0, 0), (slug, x.day)  # 00:00 means "not known" in Stockport
        assert ESSEX_SUMMARIES[slug] and all(x.comment for x in entries)


def stats():
    days = {slug: [x.day for x in entries] for slug, entries in ENTRIES.items()}
    every = sorted(d for ds in days.values() for d in ds)

    def longest_gap(ds):
        points = [PERIOD_FROM] + sorted(set(ds)) + [PERIOD_TO]
        return max(((b - a).days, a, b) for a, b in zip(points, points[1:]))

    agencies_on = {}
    for slug, ds in days.items():
        for d in ds:
            agencies_on.setdefault(d, set()).add(slug)
    across = sorted(d for d, s in agencies_on.items() if len(s) > 1)
    per_file = {}
    for slug, entries in ENTRIES.items():
        within = sorted({d for d in days[slug] if days[slug].count(d) > 1})
        per_file[slug] = dict(entries=len(entries), untimed=sum(x.time is None for x in entries),
                              seen=sum(x.seen for x in entries), within=within, gap=longest_gap(days[slug]))
    return per_file, across, longest_gap(every), [d for d in across if len(agencies_on[d]) == 3]


def fmt(d):
    return d.strftime("%d/%m/%Y")


def write_errors(path, faulty):
    out = ["# Planted errors in the faulty chronologies",
           "",
           "Written by `make_chronologies.py`. Rows are the file's rows (1-based, the",
           "heading row is row 1; row 0 is the file as a whole); columns are the headings",
           "as they are in the faulty file; the rule names are the checker's. Every other",
           "cell of these files is as in the correct file they were copied from. The XLSX",
           "copy of the Stockport file has the same errors in the same cells (the",
           "date-format dates and the time \"5.30pm\" as text cells, the blank time as an",
           "empty cell).",
           "",
           "Not listed: the entries without a time. Where a format says `time: should`",
           "(North Yorkshire, Solihull, Essex) a blank time is allowed with a warning",
           "(time-missing), and the faulty copies have the same untimed entries as the",
           "correct files.",
           ""]
    for name, (table, faults, based_on) in faulty.items():
        out += [f"## `{name}`", "", f"A copy of `{based_on}` with these errors:", "",
                "| row | column | cell | rule | level | what |", "|---|---|---|---|---|---|"]
        for f in sorted(faults, key=lambda f: (f.row, f.column)):
            out.append(f"| {f.row} | {f.column} | {f.cell(table.headings)} | {f.rule} | {f.level} | {f.what} |")
        out.append("")
    stockport_faults = faulty["stockport-2010/social-care-faulty.csv"][1]
    name_row = next(f.row for f in stockport_faults if f.rule == "known-name")
    reason_row = next(f.row for f in stockport_faults if f.rule == "time-unknown-reason")
    out += ["Notes:",
            "",
            f"- `stockport-2010/social-care-faulty`: the known name in row {name_row} is \"Rosie Hartwell\",",
            "  which contains the known first name \"Rosie\" too: a checker that reports each name found",
            "  may report both for that cell. The time-unknown-reason error of row "
            f"{reason_row} is listed at the",
            "  Time cell (00:00); the reason it lacks belongs in the event description (column E).",
            "  The row dated 13/01/23 is an extra entry (the correction leaves it out), so the faulty",
            "  file has one entry more than `social-care.csv`, and each row after it has a row number",
            "  one less in the correction. The Worker column holds SW1, SW2 or TM in every row.",
            "- `north-yorkshire-2010/police-faulty.csv`: with \"Date\" renamed, a checker that matches columns",
            "  by heading has no date column; the impossible date 31.02.2023 is in the renamed column.",
            "- `essex-2016/health-faulty.csv`: there is neither the blank row nor the summary row; the last",
            "  row of the file is the last entry.",
            ""]
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")


def write_readme(path, per_file, across, gap, three):
    names = {"police": "Police", "social-care": "Social Care", "health": "Health"}
    out = ["# Test chronologies: the invented case \"Child R\"",
           "",
           "Agency chronologies for one invented review, \"Child R\" (a 4-year-old; terms of",
           "reference period 01/03/2023 to 29/02/2024), in each of the four built-in formats",
           "(`libscr/chronology-formats/*.yaml`), for three agencies: Police, Social Care and",
           "Health. Every person, place and organisation in them is invented; the known names",
           "in `setup.yaml` are invented too, and appear only in the faulty files.",
           "",
           "- `setup.yaml`: the review's reference, period, terms of reference questions (6),",
           "  acronym list and known names.",
           "- `<format>/<agency>.csv` and `.xlsx` (agency: `police`, `social-care`, `health`):",
           "  correct chronologies, the same content in both. CSV as Excel's \"CSV UTF-8\" writes it",
           "  (byte order mark, CRLF); XLSX with date and time cells, numbers as numbers, text as",
           "  text and the heading row in bold. The four formats hold the same entries.",
           "- `stockport-2010/police-windows-1252.csv`: `stockport-2010/police.csv` in",
           "  Windows-1252, without a byte order mark (it has \u00a3, \u2019, \u2018 and \u00e9).",
           "- `stockport-2010/social-care-faulty.csv` and `.xlsx`, `north-yorkshire-2010/police-faulty.csv`,",
           "  `essex-2016/health-faulty.csv`: copies with planted errors, listed in `ERRORS.md`.",
           "",
           "Regenerate (deterministic: the same bytes on every run) from the repository root:",
           "",
           "```sh",
           "python3 -m venv /tmp/chron-venv && /tmp/chron-venv/bin/pip install openpyxl",
           "/tmp/chron-venv/bin/python tests/data/chronology/make_chronologies.py",
           "```",
           "",
           "## Counts (the same in every format)",
           "",
           "| agency | entries | untimed | child seen | days with 2+ entries of the agency | longest gap of the agency |",
           "|---|---|---|---|---|---|"]
    for slug, s in per_file.items():
        days, a, b = s["gap"]
        out.append(f"| {names[slug]} | {s['entries']} | {s['untimed']} | {s['seen']} | "
                   f"{len(s['within'])} ({', '.join(fmt(d) for d in s['within'])}) | "
                   f"{fmt(a)} to {fmt(b)} ({days} days) |")
    days, a, b = gap
    out += ["",
            f"All three agencies together: {sum(s['entries'] for s in per_file.values())} entries; "
            f"{len(across)} days with entries of more than one agency",
            f"({', '.join(fmt(d) for d in across)}; all three on {len(three)} of them: "
            f"{', '.join(fmt(d) for d in three)}).",
            f"The longest time with no contact from any agency is from {fmt(a)} to {fmt(b)}",
            f"({days} days between the two entries, {days - 1} days without one). Gaps count from the period's",
            "start and to its end too; the agencies' gaps above are counted the same way.",
            "",
            "Untimed entries have a blank time (allowed, with a time-missing warning, where the format",
            "says `time: should`), except in Stockport's format, where they have 00:00 and the reason",
            "in the event description (it contains the word \"time\"). In each file, an untimed entry",
            "comes last among its day's entries, or first in Stockport's format. Every correct file is",
            "otherwise free of errors and warnings; the Stockport ones have neither.",
            ""]
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")


def main():
    check_entries()
    write_setup(HERE / "setup.yaml")
    for fmt_id, make in FORMATS.items():
        (HERE / fmt_id).mkdir(exist_ok=True)
        for slug, _ in AGENCIES:
            table = make(slug)
            write_csv(HERE / fmt_id / f"{slug}.csv", table)
            write_xlsx(HERE / fmt_id / f"{slug}.xlsx", table)

    police = stockport(POLICE)
    raw = csv_text(police).encode("cp1252")
    assert any(b > 0x7F for b in raw)
    try:
        raw.decode("utf-8")
        raise AssertionError("the Windows-1252 file must not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    (HERE / "stockport-2010" / "police-windows-1252.csv").write_bytes(raw)

    faulty = {}
    t, f = stockport_social_care_faulty()
    write_csv(HERE / "stockport-2010" / "social-care-faulty.csv", t)
    write_xlsx(HERE / "stockport-2010" / "social-care-faulty.xlsx", t)
    faulty["stockport-2010/social-care-faulty.csv"] = (t, f, "stockport-2010/social-care.csv")
    t, f = north_yorkshire_police_faulty()
    write_csv(HERE / "north-yorkshire-2010" / "police-faulty.csv", t)
    faulty["north-yorkshire-2010/police-faulty.csv"] = (t, f, "north-yorkshire-2010/police.csv")
    t, f = essex_health_faulty()
    write_csv(HERE / "essex-2016" / "health-faulty.csv", t)
    faulty["essex-2016/health-faulty.csv"] = (t, f, "essex-2016/health.csv")
    write_errors(HERE / "ERRORS.md", faulty)

    per_file, across, gap, three = stats()
    assert gap[0] > 60
    write_readme(HERE / "README.md", per_file, across, gap, three)


if __name__ == "__main__":
    main()
