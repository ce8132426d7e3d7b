# Daily use (issue 18): confirmation pages, corrections, start pages.

## Confirmation pages: what an action that ends, withdraws, deletes or anonymises will do.
confirm-cancel = Cancel
confirm-cannot-undo = This cannot be undone.
confirm-decline-title = Remove the referral
confirm-decline-text = The person declined. The referral is removed and counted only as a declined referral (sex and year). A person with no other episode is removed altogether.
confirm-anonymise-title = Erase the personal data
confirm-anonymise-text = Name, personal identity number, contact details, notes and other free text are erased. What remains counts only in statistics and cannot be linked to the person.
confirm-token-title = Revoke the API key
confirm-token-text = Programs that use the key stop working at once.
confirm-file-title = Remove the file
confirm-file-text = The file is removed from the handbook. Links to it in drafts stop working.
confirm-budget-title = Remove the budget line
confirm-budget-text = The line is removed from the programme's budget.
confirm-target-title = Remove the target
confirm-target-text = The target is removed, and the programme's effects are no longer compared with it.
confirm-support-title = Remove the support
confirm-support-text = The support is removed from the enterprise's records.
confirm-member-title = Remove from the team
confirm-member-text = The person is removed from the idea's team. A participant then no longer sees the idea and its business plan.
confirm-partner-title = Remove the partner
confirm-partner-text = The organisation is removed as a partner of the idea.
confirm-membership-title = End the employment
confirm-membership-text = The employment ends on the date you gave, and the person no longer counts as employed by the enterprise after it.
confirm-wind-up-title = Wind up the idea
confirm-wind-up-text = The idea moves to "Wound up" and leaves the board's ongoing ideas. It can be reopened, with a note, at the stage it was wound up from.
confirm-wind-up-note-hint = Write briefly why the idea is wound up. The note is kept in the idea's history.
confirm-withdraw-title = Withdraw consent for { $name }
confirm-withdraw-text = { $name } withdraws their consent: { $scope }.
confirm-withdraw-ends-episode = The episode in { $programme } ends with the reason "Consent withdrawn". Plan, notes, appointments and income are hidden, and no follow-ups are made.
confirm-withdraw-follow-up = No more follow-ups are made.
confirm-withdraw-questionnaires = The person's questionnaire answers no longer count in the programme's statistics.
confirm-withdraw-exchange = { $partner } no longer sees what the programme has recorded about the person.
confirm-withdraw-participation = The consent ends on the date you give.
confirm-withdrawn-on = Withdrawn on
confirm-withdrawn-on-hint = The day the person withdrew consent. Change the date if it was not today.
confirm-withdraw-button = Withdraw the consent
confirm-undo-within = If this is a mistake you can undo it on the person's page within { $days } days.
confirm-exit-title = End the episode for { $name }
confirm-exit-text = The episode in { $programme } ends on { $date }. Reason: { $reason }.
confirm-exit-consequence = Plan, notes and appointments can no longer be changed. If the person consented to follow-up, the follow-ups are planned now.
confirm-exit-button = End the episode

## Correcting a mistaken withdrawal or exit.
consent-withdraw-start = Withdraw …
correction-undo-withdrawal = Undo withdrawal
correction-undo-exit = Undo exit
correction-exit-hint = If the episode was ended by mistake you can undo it within { $days } days of its recording.
correction-error-not-exited = The episode has not ended.
correction-error-too-late = More than { $days } days have passed since it was recorded, so it can no longer be undone. Register a new referral instead.
correction-error-consent-withdrawn = The episode ended when the consent was withdrawn. Undo the withdrawal in the consent table instead.
correction-error-follow-up-recorded = A follow-up has already been recorded, so the exit cannot be undone.
correction-error-not-withdrawn = The consent has not been withdrawn.
flash-withdrawal-undone = The withdrawal is undone. The consent holds again.
flash-exit-undone = The exit is undone. The episode is ongoing again.

## Start pages: what to do today.
today-title = To do today
today-referrals = Referrals: { $new } new in the last two weeks, { $waiting } awaiting consent
today-follow-ups = { $count ->
    [one] One follow-up is due
   *[other] { $count } follow-ups are due
}
today-questionnaires = { $count ->
    [one] One questionnaire is due
   *[other] { $count } questionnaires are due
}
today-plans = { $count ->
    [one] One business plan awaits your comment
   *[other] { $count } business plans await your comment
}
today-new-referral = Register a referral
today-week = Appointments this week
today-week-none = No appointments for the rest of the week.
today-effects = The programme's effects
today-effects-of = The effects of { $programme }
today-my-people = { $count ->
    [one] One person with an ongoing episode
   *[other] { $count } people with an ongoing episode
}
today-next-questionnaire = Next questionnaire: { $title }.
today-no-questionnaire = You have no questionnaires to answer just now.
today-next-appointment = Next appointment: { $when }, { $title }.
today-to-my-page = To My page: your plan, your appointments and who has read your data
today-figures-due = The figures for { $year } for { $name } are not reported yet.
today-figures-reported = The figures for { $year } for { $name } are reported. Thank you!
today-figures-report = Report the figures for { $year }
today-glance-participants = { $count ->
    [one] One participant
   *[other] { $count } participants
}
today-glance-support = Months with public support per participant: { $before } the year before, { $after } the year after (n = { $n })
today-glance-jobs = { $count } have held a job in a social enterprise
today-pages = Your pages
