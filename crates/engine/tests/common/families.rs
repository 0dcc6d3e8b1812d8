//! Graphs of the shapes the layout is measured on, at about a given number of nodes, built
//! directly as layout input (any size, no program-length limit): shared by the layout tests
//! and `examples/layout_bench.rs`.

use gradgraph_engine::layout::{Input, Link, Size, MAX_NODE_WIDTH, MIN_NODE_WIDTH, NODE_HEIGHT};

/// A small deterministic generator (xorshift), so every run draws the same graphs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Builds an input node by node: each node's arguments in slot order.
struct Builder {
    input: Input,
    rng: Rng,
}

impl Builder {
    fn new(seed: u64) -> Builder {
        Builder { input: Input::default(), rng: Rng::new(seed) }
    }
    fn node(&mut self, args: &[usize], group: Option<usize>) -> usize {
        let v = self.input.sizes.len();
        // Label widths as the page's: from the narrowest node to a bit wider.
        let extra = self.rng.below(5) as f64 * 0.1 * (MAX_NODE_WIDTH - MIN_NODE_WIDTH);
        self.input.sizes.push(Size { width: MIN_NODE_WIDTH + extra, height: NODE_HEIGHT });
        self.input.groups.push(group);
        for (port, &from) in args.iter().enumerate() {
            self.input.edges.push(Link { from, to: v, port, ports: args.len() });
        }
        v
    }
    fn done(mut self) -> Input {
        self.input.last = self.input.sizes.len().checked_sub(1);
        self.input
    }
}

/// Families: (name, graph of about `nodes` nodes).
pub fn families(nodes: usize, seed: u64) -> Vec<(&'static str, Input)> {
    vec![
        ("expression DAG", expression_dag(nodes, seed)),
        ("network", network(nodes, seed)),
        ("random DAG", random_dag(nodes, seed)),
        ("long sum", long_sum(nodes)),
    ]
}

/// Binary and unary operations over recent nodes, so values are shared (a program's
/// statements): `u7 = sin(u5) * u3`.
pub fn expression_dag(nodes: usize, seed: u64) -> Input {
    let mut b = Builder::new(seed);
    let mut recent = vec![b.node(&[], None), b.node(&[], None)];
    while b.input.sizes.len() + 1 < nodes {
        let pick = |b: &mut Builder, recent: &[usize]| recent[recent.len() - 1 - b.rng.below(recent.len().min(6))];
        let (x, y) = (pick(&mut b, &recent), pick(&mut b, &recent));
        let x = if b.rng.below(3) == 0 { b.node(&[x], None) } else { x };
        let u = if b.rng.below(8) == 0 {
            let c = b.node(&[], None);
            b.node(&[x, c], None)
        } else {
            b.node(&[x, y], None)
        };
        recent.push(u);
    }
    let last = recent[recent.len() - 1];
    b.node(&[last], None);
    b.done()
}

/// `h = tanh(W @ x)` layers of equal width `w`, then a sum: W's elements (a group per layer),
/// the products, each row's sum and its tanh. Three hidden layers of `w` units cost about
/// `3 (2 w² + 2 w) + 2 w` nodes.
pub fn network(nodes: usize, seed: u64) -> Input {
    let mut w = 1;
    while 3 * (2 * (w + 1) * (w + 1) + 2 * (w + 1)) + 2 * (w + 1) <= nodes {
        w += 1;
    }
    let mut b = Builder::new(seed);
    let mut h: Vec<usize> = (0..w).map(|_| b.node(&[], Some(0))).collect();
    for layer in 1..=3 {
        let weights: Vec<Vec<usize>> =
            (0..w).map(|_| (0..w).map(|_| b.node(&[], Some(2 * layer - 1))).collect()).collect();
        let mut next = Vec::new();
        for row in &weights {
            let products: Vec<usize> = row.iter().zip(&h).map(|(&wij, &hj)| b.node(&[wij, hj], None)).collect();
            let sum = b.node(&products, None);
            next.push(b.node(&[sum], Some(2 * layer)));
        }
        h = next;
    }
    b.node(&h, None);
    b.done()
}

/// Each operation combines two earlier nodes chosen uniformly: long edges everywhere.
pub fn random_dag(nodes: usize, seed: u64) -> Input {
    let mut b = Builder::new(seed ^ 0xDA6);
    let inputs = (nodes / 10).max(2);
    for _ in 0..inputs {
        b.node(&[], None);
    }
    while b.input.sizes.len() < nodes {
        let n = b.input.sizes.len();
        let (x, y) = (b.rng.below(n), b.rng.below(n));
        b.node(&[x, y], None);
    }
    b.done()
}

/// `x0 + x1 + …` over `nodes / 2` inputs, as the language builds it: a chain of additions.
pub fn long_sum(nodes: usize) -> Input {
    let mut b = Builder::new(1);
    let terms = (nodes / 2).max(2);
    let mut total = b.node(&[], None);
    for _ in 1..terms {
        let x = b.node(&[], None);
        total = b.node(&[total, x], None);
    }
    b.done()
}

/// The program the page's benchmark types (`e2e/bench.js`): a vector of `inputs` elements, in
/// one frame, squared and summed (`3 inputs - 1` nodes). Through the language, not built here.
pub fn sum_of_squares(inputs: usize) -> String {
    format!("v = [{}1.5]\ny = sum(v * v)", "1.5, ".repeat(inputs.saturating_sub(1)))
}
