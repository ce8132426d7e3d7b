# Klarspråk bredvid statistiken (ärende 18 punkt 3) och exporterna (punkt 8).
# Meningarna byggs av stegvis_domain::change::plain; siffrorna är redan formaterade.

plain-heading = Vad betyder det?
plain-change-up = { $subject ->
    [support] Månaderna med offentlig försörjning ökade i genomsnitt med { $mean } månader per deltagare; med 95 % säkerhet ligger ökningen mellan { $low } och { $high } månader.
   *[score] Poängen på { $measure } ökade i genomsnitt med { $mean } poäng; med 95 % säkerhet ligger ökningen mellan { $low } och { $high } poäng.
  } { $verdict ->
    [better] Det är en förbättring.
   *[worse] Det är en försämring.
  }
plain-change-down = { $subject ->
    [support] Månaderna med offentlig försörjning minskade i genomsnitt med { $mean } månader per deltagare; med 95 % säkerhet ligger minskningen mellan { $low } och { $high } månader.
   *[score] Poängen på { $measure } minskade i genomsnitt med { $mean } poäng; med 95 % säkerhet ligger minskningen mellan { $low } och { $high } poäng.
  } { $verdict ->
    [better] Det är en förbättring.
   *[worse] Det är en försämring.
  }
plain-change-unclear = { $subject ->
    [support] Ingen tydlig förändring: månaderna med offentlig försörjning ändrades i genomsnitt med { $mean } månader, men med 95 % säkerhet ligger förändringen någonstans mellan { $low } och { $high } månader, så den kan lika gärna vara noll.
   *[score] Ingen tydlig förändring: poängen på { $measure } ändrades i genomsnitt med { $mean } poäng, men med 95 % säkerhet ligger förändringen någonstans mellan { $low } och { $high } poäng, så den kan lika gärna vara noll.
  }
plain-change-none = { $subject ->
    [support] Månaderna med offentlig försörjning var i genomsnitt lika många före och efter.
   *[score] Poängen på { $measure } var i genomsnitt densamma före och efter.
  }
plain-change-no-interval = { $subject ->
    [support] Månaderna med offentlig försörjning ändrades med { $mean } månader, men med så få deltagare går det inte att säga hur säker förändringen är.
   *[score] Poängen på { $measure } ändrades med { $mean } poäng, men med så få svar går det inte att säga hur säker förändringen är.
  }
plain-p-tiny = p-värdet är under { $p }: en så stor förändring vore mycket osannolik om ingen i gruppen egentligen hade förändrats, så den är nästan säkert inte en slump.
plain-p-clear = p-värdet { $p } är under 0,05: en så stor förändring vore osannolik om ingen i gruppen egentligen hade förändrats, så den är troligen inte en slump.
plain-p-unclear = p-värdet { $p } är 0,05 eller mer: enligt teckenrangtestet, som jämför hur många som gick upp och ner och hur mycket, kan förändringen vara en slump, så tolka den försiktigt.
plain-effect-size = Effektstorleken { $d } är { $size ->
    [negligible] mycket liten
    [small] liten
    [medium] måttlig
   *[large] stor
  } enligt den vanliga tumregeln (0,2 liten, 0,5 måttlig, 0,8 stor): den säger hur stor förändringen är jämfört med hur olika deltagarna förändrades.
plain-group = { $group }: { $sentence }
plain-printed = { $programme } · programperiod { $from } – { $to } · utskrivet { $date }
plain-different-people = Varje punkt är medelvärdet för alla som svarade vid just det tillfället, så det är inte samma personer vid varje punkt; antalet svar (n) står vid varje punkt. Förändringen för samma personer står överst.
plain-trend-label = { $occasion } (n = { $n })
measures-trend-n = Antal svar
plain-printed-effects = { $programme } · programperiod { $from } – { $to } · rapportdatum { $asof } · utskrivet { $date }

# Exporternas kolumnrubriker (CSV och XLSX) för den som läser på svenska.
export-pseudonym = pseudonym
export-sex = kön
export-age-band = åldersgrupp
export-occasion = tillfälle
export-answered-on = svarsdatum
export-score = poäng
export-audit-seq = löpnummer
export-audit-occurred-at = tidpunkt
export-audit-user = användar-id
export-audit-action = händelse
export-audit-route = adress
export-audit-records = uppgifter
