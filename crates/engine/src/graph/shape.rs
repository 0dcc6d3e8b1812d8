//! Shapes: what an expression denotes (one node, or the nodes of a vector or matrix in row
//! order) and the shape rules of element-wise operations, the matrix product, lists and
//! indexing. Pure functions of shapes; the lowering makes the nodes.

use petgraph::graph::NodeIndex;

/// What an expression denotes: one node, or the nodes of a vector or matrix in row order.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Value {
    /// `[]` for a number, `[n]` for a vector, `[rows, columns]` for a matrix.
    pub shape: Vec<usize>,
    pub nodes: Vec<NodeIndex>,
}

impl Value {
    pub fn scalar(node: NodeIndex) -> Value {
        Value { shape: Vec::new(), nodes: vec![node] }
    }

    pub fn is_scalar(&self) -> bool {
        self.shape.is_empty()
    }

    /// "a number", "a vector of 3", "a 2×3 matrix".
    pub fn describe(&self) -> String {
        match self.shape.as_slice() {
            [] => "a number".into(),
            [n] => format!("a vector of {n}"),
            [r, c] => format!("a {r}×{c} matrix"),
            _ => "an array".into(),
        }
    }

    /// The node for element `i` when this value is used element by element: a number stands
    /// for every element.
    pub fn element(&self, i: usize) -> Option<NodeIndex> {
        if self.is_scalar() { self.nodes.first() } else { self.nodes.get(i) }.copied()
    }
}

/// The shape of an element-wise operation on `a` and `b`: equal shapes, or a number with
/// anything. `None` when they do not fit.
pub(super) fn broadcast(a: &Value, b: &Value) -> Option<Vec<usize>> {
    if a.shape == b.shape || b.is_scalar() {
        Some(a.shape.clone())
    } else if a.is_scalar() {
        Some(b.shape.clone())
    } else {
        None
    }
}

/// How many elements an element-wise operation on `a` and `b` makes.
pub(super) fn broadcast_len(a: &Value, b: &Value) -> usize {
    if a.is_scalar() {
        b.nodes.len()
    } else {
        a.nodes.len()
    }
}

/// A matrix product's dimensions: rows of the left, the inner length, and the right's columns
/// (`None` when the right is a vector).
pub(super) struct Product {
    pub rows: usize,
    pub inner: usize,
    pub columns: Option<usize>,
    /// The result's shape: a number for two vectors, a vector, or a matrix.
    pub shape: Vec<usize>,
}

/// The dimensions of `a @ b`: a matrix and a vector or matrix with matching inner lengths, or
/// two vectors of one length (their dot product).
pub(super) fn matmul(a: &Value, b: &Value) -> Option<Product> {
    let (rows, inner, columns) = match (a.shape.as_slice(), b.shape.as_slice()) {
        (&[n], &[m]) if n == m => (1, n, None),
        (&[r, c], &[m]) if c == m => (r, c, None),
        (&[r, c], &[m, k]) if c == m => (r, c, Some(k)),
        _ => return None,
    };
    let shape = match (a.shape.len(), columns) {
        (1, _) => Vec::new(),
        (_, None) => vec![rows],
        (_, Some(columns)) => vec![rows, columns],
    };
    Some(Product { rows, inner, columns, shape })
}

impl Product {
    /// The left and right elements multiplied for output element (`r`, `k`) at inner index `c`.
    pub fn factors(&self, a: &Value, b: &Value, r: usize, k: usize, c: usize) -> Option<(NodeIndex, NodeIndex)> {
        let right = match self.columns {
            Some(columns) => b.nodes.get(c * columns + k),
            None => b.nodes.get(c),
        };
        Some((*a.nodes.get(r * self.inner + c)?, *right?))
    }
}

/// Why a list's elements do not make a vector or matrix.
pub(super) enum ListError {
    Empty,
    TooDeep,
    /// Two elements of different shapes.
    Ragged(String, String),
}

/// The shape of a list of `values`: a vector of numbers, or a matrix of equal rows.
pub(super) fn list(values: &[Value]) -> Result<Vec<usize>, ListError> {
    let first = values.first().ok_or(ListError::Empty)?;
    let shape = match first.shape.as_slice() {
        [] => vec![values.len()],
        &[n] => vec![values.len(), n],
        _ => return Err(ListError::TooDeep),
    };
    match values.iter().find(|v| v.shape != first.shape) {
        Some(odd) => Err(ListError::Ragged(first.describe(), odd.describe())),
        None => Ok(shape),
    }
}

/// Row or element `i` of `base` (its first dimension), or `None` when `base` is a number or
/// `i` is out of range.
pub(super) fn index(base: &Value, i: usize) -> Option<Value> {
    let &length = base.shape.first()?;
    if i >= length {
        return None;
    }
    let width = base.nodes.len() / length;
    let nodes = base.nodes.get(i * width..(i + 1) * width)?.to_vec();
    Some(Value { shape: base.shape.get(1..).unwrap_or_default().to_vec(), nodes })
}

/// The name of element `i` of `name` with this shape: `x`, `x[2]` or `W[1][0]`.
pub(super) fn element_name(name: &str, shape: &[usize], i: usize) -> String {
    match shape {
        [] => name.to_string(),
        [_] => format!("{name}[{i}]"),
        [_, columns, ..] => format!("{name}[{}][{}]", i / columns.max(&1), i % columns.max(&1)),
    }
}
