//! The screen concern: what the graph pane shows, the node whose story is open, presenter
//! mode, and a notice to read once.

use super::Action;

/// What the graph pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Drawing,
    Table,
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Screen {
    /// The drawing, the table, or both.
    pub view: View,
    /// The node whose story is shown (by index), if one is chosen.
    pub selected: Option<usize>,
    /// Large type, the step and the algorithm only: for a projector.
    pub presenter: bool,
    /// Something to tell the user once (a link that could not be opened).
    pub notice: Option<String>,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen { view: View::Drawing, selected: None, presenter: false, notice: None }
    }
}

impl Screen {
    /// The screen's sub-reducer.
    pub fn apply(&mut self, action: &Action) {
        match *action {
            Action::SetView(view) => self.view = view,
            Action::Select(selected) => self.selected = selected,
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::LeavePresenter => self.presenter = false,
            Action::DismissNotice => self.notice = None,
            _ => {}
        }
    }

    /// The pane's view: presenter mode shows the drawing, whatever the pane showed before.
    pub fn shown(&self) -> View {
        if self.presenter {
            View::Drawing
        } else {
            self.view
        }
    }
}
