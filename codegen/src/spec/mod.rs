//! Stage 1, load: the spec's serde model ([`model`]), reading it from disk
//! ([`load`], with [`recover`] the only users of serde_yaml), hand curation
//! merged onto imported operations ([`overlay`]), how an operation pages
//! ([`pagination`]), positions for messages ([`span`]) and messages a spec
//! author can act on ([`suggest`]).

pub mod load;
pub mod model;
pub mod overlay;
pub mod pagination;
pub mod recover;
pub mod span;
pub mod suggest;

pub use load::{LoadedSpec, SpecFile, load_dir, load_dir_partial};
pub use model::*;
pub use overlay::OverlayFile;
