//! Stage 1, load: the spec's serde model ([`model`]), reading it from disk
//! ([`load`], the only user of serde_yaml), hand curation merged onto
//! imported operations ([`overlay`]), how an operation pages
//! ([`pagination`]) and positions for messages ([`span`]).

pub mod load;
pub mod model;
pub mod overlay;
pub mod pagination;
pub mod span;

pub use load::{LoadedSpec, SpecFile, load_dir, load_dir_partial};
pub use model::*;
pub use overlay::OverlayFile;
