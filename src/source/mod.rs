//! The program: the editor with its diagnostics, the examples, the input rows, the graph's
//! options and the program typeset as mathematics.

pub mod diagnostics;
pub mod editor;
pub mod examples;
pub mod input_row;
pub mod inputs;
pub mod options;
pub mod program;
