//! The measures, one module per source of data. Each module's `figures`
//! returns the figures of the measures it computes (by catalogue id) for
//! one scope and period; the report puts them in catalogue order.

use crate::report::{Ctx, Figure};

pub mod care;
mod episodes;
pub mod practice;
pub mod risk;
pub mod sdq;
pub mod stability;
pub mod staff;
pub mod value;
pub mod workforce;

/// Every module's measure function.
pub const ALL: &[fn(&Ctx) -> Vec<Figure>] = &[
    stability::figures,
    risk::figures,
    care::figures,
    sdq::figures,
    practice::figures,
    staff::figures,
    workforce::figures,
    value::figures,
];
