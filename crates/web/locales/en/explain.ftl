# Plain language beside the statistics (issue 18 item 3) and the exports (item 8).
# The sentences are built by stegvis_domain::change::plain; the numbers come formatted.

plain-heading = What does it mean?
plain-change-up = { $subject ->
    [support] Months on public support rose on average by { $mean } months per participant; with 95 % confidence the rise lies between { $low } and { $high } months.
   *[score] The { $measure } score rose on average by { $mean } points; with 95 % confidence the rise lies between { $low } and { $high } points.
  } { $verdict ->
    [better] That is an improvement.
   *[worse] That is a worsening.
  }
plain-change-down = { $subject ->
    [support] Months on public support fell on average by { $mean } months per participant; with 95 % confidence the fall lies between { $low } and { $high } months.
   *[score] The { $measure } score fell on average by { $mean } points; with 95 % confidence the fall lies between { $low } and { $high } points.
  } { $verdict ->
    [better] That is an improvement.
   *[worse] That is a worsening.
  }
plain-change-unclear = { $subject ->
    [support] No clear change: months on public support changed on average by { $mean } months, but with 95 % confidence the change lies somewhere between { $low } and { $high } months, so it may as well be zero.
   *[score] No clear change: the { $measure } score changed on average by { $mean } points, but with 95 % confidence the change lies somewhere between { $low } and { $high } points, so it may as well be zero.
  }
plain-change-none = { $subject ->
    [support] Months on public support were on average as many before as after.
   *[score] The { $measure } score was on average the same before and after.
  }
plain-change-no-interval = { $subject ->
    [support] Months on public support changed by { $mean } months, but with so few participants it cannot be said how certain the change is.
   *[score] The { $measure } score changed by { $mean } points, but with so few answers it cannot be said how certain the change is.
  }
plain-p-tiny = The p-value is below { $p }: a change this large would be very unlikely if nobody in the group had really changed, so it is almost certainly not chance.
plain-p-clear = The p-value { $p } is below 0.05: a change this large would be unlikely if nobody in the group had really changed, so it is probably not chance.
plain-p-unclear = The p-value { $p } is 0.05 or more: by the signed-rank test, which compares how many went up and down and by how much, the change may be chance, so read it with care.
plain-effect-size = The effect size { $d } is { $size ->
    [negligible] negligible
    [small] small
    [medium] medium
   *[large] large
  } by the usual rule of thumb (0.2 small, 0.5 medium, 0.8 large): it tells how large the change is compared with how differently the participants changed.
plain-group = { $group }: { $sentence }
plain-printed = { $programme } · programme period { $from } – { $to } · printed { $date }
plain-different-people = Each point is the mean of everyone who answered at that occasion, so it is not the same people at every point; the number of answers (n) is shown at every point. The change for the same people is at the top.
plain-trend-label = { $occasion } (n = { $n })
measures-trend-n = Number of answers
plain-printed-effects = { $programme } · programme period { $from } – { $to } · report date { $asof } · printed { $date }

# The exports' column headers (CSV and XLSX) for English readers.
export-pseudonym = pseudonym
export-sex = sex
export-age-band = age band
export-occasion = occasion
export-answered-on = answered on
export-score = score
export-audit-seq = sequence
export-audit-occurred-at = occurred at
export-audit-user = user id
export-audit-action = action
export-audit-route = route
export-audit-records = records
