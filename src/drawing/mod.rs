//! The drawing: the graph as SVG with pan, zoom, follow and collapse (`view`), one node
//! (`node`), the step shown and what a step changes (`board`), the view box arithmetic (`viewport`), coordinates and short names as text
//! (`labels`) and the legend.

pub mod board;
pub mod labels;
pub mod legend;
pub mod node;
pub mod view;
pub mod viewport;
