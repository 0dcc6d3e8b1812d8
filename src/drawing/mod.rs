//! The drawing: the graph as SVG (`view`) with its layers of edges and nodes (`layers`), one
//! node (`node`), the step shown and what a step changes (`board`), the parts made once per
//! layout (`geometry`), pan and zoom (`viewer`, with the view box arithmetic in `viewport`),
//! the pointer (`gestures`), what is written outside of yew after a render (`glide`),
//! coordinates and short names as text (`labels`) and the legend.

pub mod board;
pub mod geometry;
pub mod gestures;
pub mod glide;
pub mod labels;
pub mod layers;
pub mod legend;
pub mod node;
pub mod view;
pub mod viewer;
pub mod viewport;
