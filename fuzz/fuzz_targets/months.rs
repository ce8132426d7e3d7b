//! Months (`YYYY-MM`), month ranges of income and follow-up month lists as typed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_domain::episode::parse_follow_up_months;
use stegvis_domain::income::{IncomeRangeInput, YearMonth};

fuzz_target!(|text: &str| {
    if let Ok(month) = YearMonth::parse(text) {
        assert_eq!(YearMonth::parse(&month.to_string()), Ok(month));
        let _ = (
            month.first_day(),
            month.next(),
            month.prev(),
            month.plus_months(i32::MAX),
        );
        let _ = YearMonth::months_between(month, month);
    }
    let _ = parse_follow_up_months("months", text);
    let mut fields = text.splitn(5, '|').map(str::to_string);
    let input = IncomeRangeInput {
        from: fields.next().unwrap_or_default(),
        to: fields.next().unwrap_or_default(),
        source: fields.next().unwrap_or_default(),
        share_percent: fields.next().unwrap_or_default(),
        amount: fields.next().unwrap_or_default(),
    };
    let _ = input.parse();
});
