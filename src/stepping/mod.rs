//! Stepping through the timeline: the controls, the algorithm and the typeset step, the
//! sentence for each step, a node's story, the results, the table of nodes and the choice of
//! what the pane shows.

pub mod controls;
pub mod explain;
pub mod results;
pub mod step_panel;
pub mod story;
pub mod table;
pub mod view_choice;
