//! Amounts in kronor, Swedish style (`1 234,50 kr`) and as API decimals (`1234.50`): parse or
//! refuse, and what parses formats and parses back to the same amount.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_domain::money::Money;

fuzz_target!(|text: &str| {
    if let Ok(amount) = Money::parse_sv(text) {
        assert_eq!(Money::parse_sv(&amount.format_sv()), Ok(amount));
        assert_eq!(
            Money::parse_decimal(&amount.to_decimal_string()),
            Ok(amount)
        );
    }
    if let Ok(amount) = Money::parse_decimal(text) {
        assert_eq!(
            Money::parse_decimal(&amount.to_decimal_string()),
            Ok(amount)
        );
    }
});
