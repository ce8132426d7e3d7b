//! Enumerations stored and exchanged as stable text codes.
//!
//! The database, the API, the CLI and the message catalogues all name a choice (an exit reason,
//! an education level) by the same kebab-case code. Declaring the enum and its codes in one
//! place keeps the code, the parser and the serialisation from drifting apart.

/// A text that is not the code of any variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code '{0}'")]
pub struct UnknownCode(pub String);

/// Declares an enum whose variants each carry a stable text code, with `ALL`, `code`,
/// `FromStr`, `Display`, and serde as that code.
#[macro_export]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in the order forms list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in the database, the API and message ids.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::code::UnknownCode;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let text = text.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == text)
                    .ok_or_else(|| $crate::code::UnknownCode(text.to_string()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Parses a required choice from a form: blank is "choose an option", anything else unknown
/// is the same message, since a select box cannot produce it by honest means.
pub fn required_choice<T: std::str::FromStr>(
    field: &'static str,
    input: &str,
) -> Result<T, crate::validation::FieldError> {
    input
        .trim()
        .parse()
        .map_err(|_| crate::validation::FieldError::new(field, "error-choose-option"))
}

/// Parses an optional choice: blank is `None`.
pub fn optional_choice<T: std::str::FromStr>(
    field: &'static str,
    input: &str,
) -> Result<Option<T>, crate::validation::FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    required_choice(field, input).map(Some)
}

#[cfg(test)]
mod tests {
    crate::coded_enum! {
        pub enum Colour {
            Red => "red",
            DarkBlue => "dark-blue",
        }
    }

    #[test]
    fn a_code_round_trips_through_text_and_json() {
        for colour in Colour::ALL {
            assert_eq!(colour.code().parse::<Colour>(), Ok(*colour));
            let json = serde_json::to_string(colour).unwrap();
            assert_eq!(json, format!("\"{}\"", colour.code()));
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *colour);
        }
        assert!("purple".parse::<Colour>().is_err());
    }

    #[test]
    fn a_blank_optional_choice_is_none_and_a_wrong_one_asks_to_choose() {
        assert_eq!(super::optional_choice::<Colour>("c", "  "), Ok(None));
        assert_eq!(
            super::required_choice::<Colour>("c", "purple").map_err(|e| e.key),
            Err("error-choose-option")
        );
    }
}
