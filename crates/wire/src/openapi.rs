//! OpenAPI schemas for the types whose JSON is not what `utoipa`'s derive
//! would guess (feature `openapi`, enabled by the server only).
//!
//! Bitwarden's enums travel as numbers (`#[serde(into = "u8")]`), so their
//! schema is an integer restricted to the numbers the `From` impl writes.

/// Implements `utoipa::ToSchema` for an enum serialized through
/// `From<Enum> for $repr`: an integer schema listing every variant's number.
/// The variant list is matched exhaustively, so a new variant that is not
/// added here fails to compile instead of silently missing from the schema.
macro_rules! integer_enum_schema {
    ($name:ident as $repr:ty { $($variant:ident),+ $(,)? }) => {
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                fn every_variant_listed(value: $name) {
                    match value {
                        $($name::$variant)|+ => {}
                    }
                }
                let _ = every_variant_listed;
                let variants = [$($name::$variant),+];
                let numbers = variants.map(<$repr>::from);
                let legend = variants
                    .iter()
                    .zip([$(stringify!($variant)),+])
                    .map(|(variant, name)| format!("{} = {name}", <$repr>::from(*variant)))
                    .collect::<Vec<_>>()
                    .join(", ");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .description(Some(format!(
                        "Bitwarden's `{}`, as a number: {legend}.",
                        stringify!($name)
                    )))
                    .enum_values(Some(numbers))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use integer_enum_schema;
