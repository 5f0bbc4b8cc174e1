//! The xlsx toolkit every workbook selfeval writes shares: cell formats and the one text
//! measure ([`style`]), list sheets continued past a worksheet's rows ([`list`]), and the
//! title block, page setup and fitted row heights of a printed list ([`print`]).

pub(crate) mod heights;
pub(crate) mod list;
pub(crate) mod print;
pub(crate) mod style;
