#!/usr/bin/env bash
# The main job, end to end, from the shell (make demo).
#
# A board keeps its reviews in one SQLite file. Two reviews run through their
# stages with realistic dates:
#   - "SCR 2024/01 Child Q", a Solihull Serious Case Review: referral on
#     Monday 15 January 2024, decision on 1 February, IMRs from the Police and
#     Health; the Health IMR is returned for amendment at the presentation
#     meeting, and the LSCB agrees to extend the six months while a criminal
#     trial is heard;
#   - "PLR 2024/02 Child P", an Essex Partnership Learning Review commissioned
#     on Monday 15 January 2024 (the 26-week model); Health's contribution
#     comes late and its IMR is sent back once.
# Then, as of the chosen date, it prints a timetable, everything overdue and
# the monthly report to the chair, and writes the HTML timetable and the
# calendar file.
#
#   scripts/demo.sh SCR DIR [AS_OF]     SCR: the scr command; DIR: where to write
set -euo pipefail

scr=$1
dir=$2
as_of=${3:-2024-06-30}
mkdir -p "$dir"
db="$dir/reviews.db"
rm -f "$db" "$db-wal" "$db-shm"
export SCR_DB="$db"

say() { printf '\n== %s\n' "$*"; }
# Shows the command as one would type it (arguments with spaces quoted).
run() {
  local shown="" a
  for a in "$@"; do
    case $a in *[[:space:]\'\"]*) shown+=" \"$a\"" ;; *) shown+=" $a" ;; esac
  done
  printf '$ scr%s\n' "${shown//$dir\//}"
  "$scr" "$@"
}
quiet() { "$scr" "$@" >/dev/null; }

say "A new database"
run init

# ---- Solihull SCR -------------------------------------------------------------------
q="SCR 2024/01 Child Q"
chair=(--actor "A. Patel" --role lscb_chair --actor-agency "Solihull LSCB")
admin=(--actor "R. Jones" --role administrator --actor-agency "Solihull LSCB")
nominated=(--actor "K. Brown" --role nominated_panel_member --actor-agency "Solihull LSCB")
manager=(--actor "L. Green" --role business_manager --actor-agency "Solihull LSCB")
panel=(--actor "J. Smith" --role panel_chair --actor-agency "Independent")
lscb=(--actor "Solihull LSCB meeting" --role lscb --actor-agency "Solihull LSCB")

say "Solihull: referral to decision (001:848-851)"
run review open --procedure solihull-2011-scr --reference "$q" --at "15/01/2024 09:00" "${chair[@]}" \
  --data incident_at=2024-01-13T22:00Z --data referring_agency=Police
for agency in Police Health; do
  quiet review record "$q" agency_letter_sent --at "16/01/2024 11:00" "${chair[@]}" --data agency=$agency
done
quiet review discharge "$q" incident_notice --at "17/01/2024 10:00" "${admin[@]}" --note "Emailed Ofsted and the DfE"
quiet review record "$q" involvement_confirmed --agency Police --at "18/01/2024 10:00" "${manager[@]}" \
  --data records_secured=true
quiet review record "$q" involvement_confirmed --agency Health --at "18/01/2024 14:00" "${manager[@]}" \
  --data records_secured=true
quiet review record "$q" panel_convened --at "19/01/2024 10:00" "${chair[@]}"
quiet review record "$q" panel_recommended --at "29/01/2024 10:00" "${chair[@]}" --data recommendation=scr
run review record "$q" decision_made --at "01/02/2024 10:00" "${chair[@]}" --data outcome=scr \
  --data reasons="The criteria in Working Together 8.9 are met"
quiet review discharge "$q" decision_notice --at "02/02/2024 10:00" "${nominated[@]}"

say "Solihull: the panel and the IMRs"
quiet review record "$q" independents_appointed --at "05/02/2024 10:00" "${chair[@]}"
run review assign "$q" --person "J. Smith" --as panel_chair --agency Independent --declare member_of_involved_lscb \
  --at "05/02/2024 11:00" "${chair[@]}"
quiet review assign "$q" --person "M. White" --as overview_author --agency Independent --at "05/02/2024 11:30" \
  "${chair[@]}"
quiet review record "$q" terms_of_reference_approved --at "06/02/2024 10:00" "${chair[@]}"
for agency in Police Health; do
  quiet review record "$q" imr_commissioned --at "08/02/2024 10:00" "${panel[@]}" --data agency=$agency \
    --data author_named_by=15/02/2024 --data briefing_on=22/02/2024 --data imr_due_on=30/04/2024
done
quiet review record "$q" family_notified --at "09/02/2024 10:00" "${panel[@]}"
quiet review record "$q" imr_author_named --at "14/02/2024 10:00" --actor "P. Officer" --role agency_representative \
  --actor-agency Police
quiet review record "$q" imr_author_named --at "16/02/2024 10:00" --actor "H. Nurse" --role agency_representative \
  --actor-agency Health
quiet review record "$q" authors_briefing_held --at "22/02/2024 10:00" "${panel[@]}"
for agency in Police Health; do
  quiet review record "$q" author_briefed --agency $agency --at "22/02/2024 12:00" "${admin[@]}"
done
quiet review discharge "$q" monthly_progress_update --at "28/02/2024 10:00" "${nominated[@]}"
run review schedule "$q" presentation_meeting 20/05/2024 --time 10:00 --at "01/03/2024 10:00" "${panel[@]}"
quiet review discharge "$q" monthly_progress_update --at "28/03/2024 10:00" "${nominated[@]}"
for agency in Police Health; do
  quiet review record "$q" imr_signed_off --at "25/04/2024 10:00" --actor "Director of $agency" \
    --role agency_senior_officer --actor-agency $agency
done
for agency in Police Health; do
  quiet review record "$q" imr_submitted --at "26/04/2024 10:00" --actor "Author for $agency" --role imr_author \
    --actor-agency $agency
done
quiet review discharge "$q" monthly_progress_update --at "29/04/2024 10:00" "${nominated[@]}"
quiet review record "$q" imrs_circulated --at "03/05/2024 10:00" "${admin[@]}"
quiet review record "$q" imr_presentation_meeting_held --at "20/05/2024 10:00" "${panel[@]}"
for agency in Police Health; do
  quiet review record "$q" imr_presented --agency $agency --at "20/05/2024 12:00" "${panel[@]}"
done
quiet review discharge "$q" monthly_progress_update --at "30/05/2024 10:00" "${nominated[@]}"
quiet review record "$q" imr_accepted --agency Police --at "03/06/2024 10:00" "${panel[@]}"
run review record "$q" imr_returned --agency Health --at "03/06/2024 11:00" "${panel[@]}" \
  --data reason="The chronology stops before the incident; please extend it" --data resubmit_by=17/06/2024
say "Solihull: a criminal trial; the LSCB extends the six months (001:216, 001:393)"
run review extend "$q" completion 30/09/2024 --reason "Criminal trial listed for July; the family asked to wait" \
  --at "10/06/2024 10:00" "${lscb[@]}"

# ---- Essex PLR ----------------------------------------------------------------------
p="PLR 2024/02 Child P"
sub=(--actor "Chair of the SCR Sub Committee" --role sub_committee_chair --actor-agency "Essex SCB")
ichair=(--actor "ESCB Independent Chair" --role independent_chair --actor-agency "Essex SCB")
lead=(--actor "Independent Lead Reviewer" --role lead_reviewer --actor-agency Independent)
support=(--actor "ESCB Support Team" --role support_team --actor-agency "Essex SCB")

say "Essex: a Partnership Learning Review on the 26-week model (004:162, 004:397-411)"
run review open --procedure essex-2016-plr --reference "$p" --at "02/01/2024 10:00" "${sub[@]}" \
  --data potential_learning="Information sharing between health and education"
quiet review record "$p" chair_decided --at "10/01/2024 10:00" "${ichair[@]}" --data outcome=accepted
quiet review record "$p" review_commissioned --at "15/01/2024 10:00" "${ichair[@]}"
for agency in "Essex Police" "Children's Social Care" Health; do
  quiet review record "$p" agency_commissioned --at "16/01/2024 10:00" "${ichair[@]}" --data agency="$agency"
done
for agency in "Essex Police" "Children's Social Care" Health; do
  quiet review record "$p" iar_appointed --agency "$agency" --at "19/01/2024 10:00" --actor "Chief Officer, $agency" \
    --role agency_chief_officer --actor-agency "$agency"
done
quiet review record "$p" scoping_meeting_held --at "05/02/2024 10:00" "${lead[@]}"
quiet review record "$p" medical_records_not_required --at "05/02/2024 12:00" "${lead[@]}"
for agency in "Essex Police" "Children's Social Care" Health; do
  iar=(--actor "IAR, $agency" --role iar --actor-agency "$agency")
  for step in chronology_completed learning_summary_completed action_plan_drafted; do
    quiet review record "$p" $step --agency "$agency" --at "26/02/2024 10:00" "${iar[@]}"
  done
done
for agency in "Essex Police" "Children's Social Care" Health; do
  quiet review record "$p" contribution_signed_off --agency "$agency" --at "01/03/2024 10:00" \
    --actor "Senior Manager, $agency" --role agency_senior_manager --actor-agency "$agency"
done
quiet review record "$p" terms_of_reference_agreed --at "08/03/2024 10:00" \
  --actor "ESCB Board Manager" --role board_manager --actor-agency "Essex SCB"
quiet review record "$p" family_invited --at "08/03/2024 11:00" "${support[@]}"
for agency in "Essex Police" "Children's Social Care"; do
  quiet review record "$p" contribution_submitted --agency "$agency" --at "08/03/2024 12:00" \
    --actor "IAR, $agency" --role iar --actor-agency "$agency"
done
quiet review record "$p" contribution_submitted --agency Health --at "14/03/2024 12:00" --actor "IAR, Health" \
  --role iar --actor-agency Health
say "Essex: Health is asked for an IMR, which is sent back once (004:265, 004:401)"
quiet review record "$p" imr_requested --agency Health --at "15/03/2024 10:00" "${lead[@]}"
quiet review record "$p" imr_signed_off --agency Health --at "05/04/2024 10:00" --actor "Senior Manager, Health" \
  --role agency_senior_manager --actor-agency Health
quiet review record "$p" imr_submitted --agency Health --at "08/04/2024 10:00" --actor "IAR, Health" --role iar \
  --actor-agency Health
run review record "$p" imr_returned --agency Health --at "12/04/2024 10:00" "${lead[@]}"
quiet review record "$p" imr_signed_off --agency Health --at "19/04/2024 10:00" --actor "Senior Manager, Health" \
  --role agency_senior_manager --actor-agency Health
quiet review record "$p" imr_submitted --agency Health --at "22/04/2024 10:00" --actor "IAR, Health" --role iar \
  --actor-agency Health
for agency in "Essex Police" "Children's Social Care" Health; do
  quiet review record "$p" contribution_accepted --agency "$agency" --at "24/04/2024 10:00" "${lead[@]}"
done
say "Essex: the review catches up, a month behind the model"
quiet review record "$p" chronologies_collated --at "25/04/2024 10:00" "${lead[@]}"
quiet review record "$p" key_themes_agreed --at "29/04/2024 10:00" "${lead[@]}"
quiet review record "$p" composite_chronology_sent --at "09/05/2024 10:00" "${support[@]}"
quiet review record "$p" learning_event_held --at "20/05/2024 10:00" "${lead[@]}"
run review record "$p" draft_1_completed --at "07/06/2024 10:00" "${lead[@]}"

# ---- what the board manager asks --------------------------------------------------
say "The Solihull timetable as of $as_of"
run timetable "$q" --as-of "$as_of"
say "Everything overdue as of $as_of"
run overdue --as-of "$as_of"
month=${as_of:0:7}
say "The monthly report to the chair for $month"
run report monthly --month "$month"
say "Exports"
run timetable "$q" --as-of "$as_of" --format html -o "$dir/child-q-timetable.html"
run timetable "$q" --as-of "$as_of" --format ics -o "$dir/child-q-timetable.ics"
run timetable "$p" --as-of "$as_of" --format ics -o "$dir/child-p-timetable.ics"
run review verify "$q"
printf '\nThe demo database, HTML timetable and calendar files are in %s\n' "$dir"
