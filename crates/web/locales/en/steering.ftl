# Steering and working groups, meetings, decisions, action items, the meeting pack and the
# programme's targets (decision 0028).

nav-meetings = Meetings
nav-meetings-description = Meetings, decisions and action items of the steering and working groups.
nav-targets = Targets
nav-targets-description = The programmes' targets and how far they have come.

target-kind-business-plans = Business plans written
target-kind-left-for-work-or-studies = Participants who left for work or studies
target-kind-events = Outreach events (registered)
target-due = To be met by
target-due-by = To be met by { $date }
target-progress-percent = { $count } of { $target } ({ $percent } %)
target-progress-recorded = { $count } of { $target } ({ $percent } %), recorded { $date }
target-progress-suppressed = Fewer than five – not shown, so that nobody can be singled out
target-progress-none = No value recorded yet
target-history = Earlier values
reading-add = Record a value
reading-value = Value
reading-date = Date
reading-comment = Comment

targets-title = Targets
targets-lead = Every target with how far it has come. Stegvis counts most targets itself; targets of the type "Other" are recorded by the coordinator with a date and a comment.

meetings-title = Meetings
meetings-lead = The groups you take part in, with their next and last meetings.
meetings-none = You are not in any steering or working group.
meetings-next = Next meeting { $date }
meetings-next-none = No meeting is planned
meetings-last = Last meeting { $date }

groups-title = Steering group and working groups
groups-none = The programme has no groups yet.
groups-new = Add a group
group-kind = Type of group
group-kind-steering = Steering group
group-kind-working = Working group
group-name = Name of the group
group-name-hint = For example "The steering group of Social enterprises in Västervik".
group-members = Members
group-members-none = The group has no members yet.
group-add-member = Add a member
member-user = Person
member-role = Role in the group
member-role-hint = For example chair, member or secretary.
group-meetings = Meetings
group-meetings-none = No meetings are recorded.
group-add-meeting = Add a meeting

meeting-title = Meeting { $date }
meeting-programme = Programme
meeting-date = Date
meeting-place = Place
meeting-agenda = Agenda
meeting-agenda-hint = One item a line.
meeting-agenda-none = No agenda has been written.
meeting-minutes = Minutes
meeting-minutes-none = No minutes have been written yet.
meeting-edit = Change date, place, agenda and minutes
meeting-decisions = Decisions
meeting-decisions-none = No decisions are recorded.
meeting-add-decision = Add a decision
decision-number = Section
decision-body = Decision
decision-body-hint = The decision gets the next section number.
meeting-actions = Action items
meeting-actions-none = No action items are recorded.
meeting-add-action = Add an action item

item-body = Action item
item-owner = Responsible
item-owner-hint = One of the group's members.
item-due = Due
item-due-by = due { $date }
item-status = Status
item-status-open = Open
item-status-done = Done
item-status-cancelled = Cancelled
item-change = Change status
item-overdue = overdue
item-mark-done = Mark as done
item-cancel = Cancel
item-reopen = Reopen

pack-open = Pack for the next meeting
pack-title = Pack for the meeting on { $date }
pack-title-unplanned = Pack for the next meeting
pack-made = Made { $date }
pack-pdf = Download the pack as PDF
pack-aggregate = The pack shows aggregated figures only. Small groups are hidden, and no participant is named.
pack-coordinator = As coordinator you see every figure. The steering group's members see the same pack with small groups hidden.
pack-targets-heading = Targets and how far they have come
pack-targets-lead = Every target with today's value. The method is under "Target progress" on the method page.
pack-budget-lead = Budget and outcome per year and for the whole period, with the cost per participant. How it is counted is under “Budget against outcome” on the method page.
pack-budget-span = Period
pack-events-heading = Outreach since the last meeting
pack-events-lead = Events held since { $date }. Small groups of participants are hidden from the steering group.
pack-events-none = No events have been held since { $date }.
pack-actions-heading = Open action items
pack-actions-lead = Action items not yet done, the earliest due first.
pack-actions-none = No action items are open.
pack-overdue = { $date } (overdue)
pack-decisions-heading = Decisions of the last meeting
pack-decisions-lead = Decisions of the meeting on { $date }.
pack-decisions-none = The group has not met yet.

error-action-status = The action item already has that status or cannot move straight to it. Reload the page and try again.
error-action-not-yours = Only the person responsible may mark the action item done.
error-target-derived = Stegvis counts this target itself. Values are recorded only for targets of the type "Other".
error-member-exists = The person is already in the group.
error-owner-not-member = Choose someone who is in the group.
