//! The xlsx toolkit every workbook selfeval writes shares: cell formats and the one text
//! measure ([`style`]), list sheets continued past a worksheet's rows ([`list`]), and the
//! title block, page setup and fitted row heights of a printed list ([`print`]).

pub mod list;
pub mod print;
pub mod style;
