//! The layered graph (long edges cut into chains of dummy vertices, one per rank they cross)
//! and the order of the vertices within each layer, chosen to keep crossings few.
//!
//! Crossing minimisation: a depth-first initial order, then sweeps down and up the layers that
//! sort each layer by the weighted median of its neighbours' positions in the layer before,
//! each sweep followed by a bounded transposition pass (swap two neighbours when that removes
//! crossings on either side), then sifting, then a choice of every small layer's order at
//! once by dynamic programming along the layers. Crossings are counted exactly, ports
//! included, by counting inversions (`O(E log E)` per pair of layers); the best order seen is
//! kept. An edge arrives at its argument slot (port): the slots of a node are ordered top to
//! bottom in argument order, so `a - b` with `b` above `a` costs one crossing and the sweeps
//! avoid it. The members of a named vector or matrix stay next to each other in every layer.
//! All of it within a budget of work that grows with the graph's segments ([`ORDER_WORK`]):
//! a dense graph stops early with the best order found so far.

// Every index here is a vertex of the layered graph (a node of the input or a dummy this module
// made), below `vertices()`; the input's edges were checked when it was read.
#![allow(clippy::indexing_slicing)]

use super::rank;
use super::Input;

/// One end of a segment between adjacent layers, seen from the other end.
#[derive(Clone, Copy, Debug)]
pub(super) struct Segment {
    /// The vertex at the other end.
    pub other: usize,
    /// Where the segment meets its lower vertex (the one in the later layer), as a fraction of
    /// that vertex's slots: `(port + 1) / (ports + 1)`, in (0, 1).
    pub slot: f64,
}

/// The input's nodes and the dummies of its long edges, in layers.
pub(super) struct Layered {
    /// Vertices `0..real` are the input's nodes; the rest are dummies.
    pub real: usize,
    pub rank: Vec<usize>,
    /// Each vertex's group (a named vector or matrix), if any; dummies have none.
    pub group: Vec<Option<usize>>,
    /// Segments to the previous layer (the vertex's arguments), by vertex.
    pub up: Vec<Vec<Segment>>,
    /// Segments to the next layer (the vertex's consumers), by vertex.
    pub down: Vec<Vec<Segment>>,
    /// The vertices of each layer, in order.
    pub layers: Vec<Vec<usize>>,
    /// Each vertex's index within its layer.
    pub pos: Vec<usize>,
    /// Each input edge as the vertices it passes through, from its argument to its consumer
    /// (`None` for an edge the input did not make valid: an end out of range, or a loop).
    pub chains: Vec<Option<Chain>>,
    /// The input's nodes in topological order (the depth-first start follows it).
    topological: Vec<usize>,
    /// Whether the first order came from an earlier drawing's places.
    hinted: bool,
    /// The segments between adjacent layers.
    segments: usize,
    /// The work the crossing minimisation has done (keys read and compared), and the work at
    /// which it stops where it is (each start, from an earlier drawing or fresh, has its own).
    work: usize,
    limit: usize,
}

#[derive(Clone, Debug)]
pub(super) struct Chain {
    /// From the vertex in the earlier layer to the one in the later layer.
    pub vertices: Vec<usize>,
    /// The edge goes against the layering (only on a cyclic input): draw it from the end.
    /// An edge too long to cut into dummies within the budget has only its two ends: it is
    /// drawn as one curve and left out of crossing minimisation.
    pub reversed: bool,
}

/// At most this many dummy vertices, beyond which the longest edges are drawn directly (in
/// lanes beside the drawing, see `lanes` in `mod.rs`). It bounds the time of a graph whose
/// edges are long: `sum(v * v)` of 334 inputs (1 001 nodes) would need 55 000 dummies, and its
/// layout takes 56–63 ms natively with 20 000 of them, 21 ms with 8 000 (no crossings either
/// way).
fn dummy_budget(nodes: usize) -> usize {
    8_000usize.max(8 * nodes)
}

impl Layered {
    /// Ranks the input's nodes and cuts long edges into dummies. `O((V + E) log V + D)` for
    /// `D` dummies.
    pub fn new(input: &Input) -> Layered {
        let n = input.sizes.len();
        let valid: Vec<Option<(usize, usize)>> =
            input.edges.iter().map(|e| (e.from < n && e.to < n && e.from != e.to).then_some((e.from, e.to))).collect();
        let pairs: Vec<(usize, usize)> = valid.iter().flatten().copied().collect();
        let order = rank::topological_order(n, &pairs);
        let mut place = vec![0; n];
        for (i, &v) in order.iter().enumerate() {
            place[v] = i;
        }
        let forward = |(a, b): (usize, usize)| if place[a] < place[b] { (a, b, false) } else { (b, a, true) };
        let oriented: Vec<(usize, usize)> = pairs.iter().map(|&p| forward(p)).map(|(a, b, _)| (a, b)).collect();
        let mut group: Vec<Option<usize>> = (0..n).map(|v| input.groups.get(v).copied().flatten()).collect();
        let mut rank = rank::ranks(n, &order, &oriented, input.last, &group);
        // The longest edges beyond the dummy budget are drawn directly.
        let spans: Vec<(usize, usize)> = valid
            .iter()
            .enumerate()
            .filter_map(|(e, p)| p.map(|p| (e, forward(p))))
            .map(|(e, (a, b, _))| (rank[b] - rank[a] - 1, e))
            .collect();
        let spans = super::sorted(&spans, &|x, y| y.cmp(x));
        let mut total: usize = spans.iter().map(|s| s.0).sum();
        let mut direct = vec![false; input.edges.len()];
        for &(span, e) in &spans {
            if total <= dummy_budget(n) {
                break;
            }
            direct[e] = true;
            total -= span;
        }
        let mut up = vec![Vec::new(); n];
        let mut down = vec![Vec::new(); n];
        let mut chains = Vec::with_capacity(input.edges.len());
        for (e, edge) in input.edges.iter().enumerate() {
            let Some(pair) = valid[e] else {
                chains.push(None);
                continue;
            };
            let (a, b, reversed) = forward(pair);
            let slot =
                if reversed { 0.5 } else { (edge.port as f64 + 1.0) / (edge.ports.max(edge.port + 1) as f64 + 1.0) };
            let mut vertices = vec![a];
            if !direct[e] {
                for r in rank[a] + 1..rank[b] {
                    let d = rank.len();
                    rank.push(r);
                    group.push(None);
                    up.push(Vec::new());
                    down.push(Vec::new());
                    vertices.push(d);
                }
            }
            vertices.push(b);
            if !direct[e] {
                for pair in vertices.windows(2) {
                    let (u, w) = (pair[0], pair[1]);
                    let slot = if w == b { slot } else { 0.5 };
                    down[u].push(Segment { other: w, slot });
                    up[w].push(Segment { other: u, slot });
                }
            }
            chains.push(Some(Chain { vertices, reversed }));
        }
        let layer_count = rank.iter().max().map_or(0, |r| r + 1);
        let hinted = input.hints.iter().any(Option::is_some);
        let mut layered = Layered {
            real: n,
            rank,
            group,
            up,
            down,
            layers: vec![Vec::new(); layer_count],
            pos: Vec::new(),
            chains,
            topological: order,
            hinted,
            segments: 0,
            work: 0,
            limit: 0,
        };
        layered.segments = layered.down.iter().map(Vec::len).sum();
        layered.limit = ORDER_WORK.max(ORDER_WORK_PER_SEGMENT.saturating_mul(layered.segments));
        layered.initial_order(&input.hints);
        layered
    }

    /// Whether the crossing minimisation has used up its work.
    fn spent(&self) -> bool {
        self.work >= self.limit
    }

    pub fn vertices(&self) -> usize {
        self.rank.len()
    }

    pub fn is_dummy(&self, v: usize) -> bool {
        v >= self.real
    }

    /// Depth first from the input's nodes in topological order (source order, for a
    /// program), each vertex appended to its layer when first reached. With hints (an earlier
    /// drawing's places), the hinted nodes of a layer then take their earlier order, each other
    /// vertex staying just after the one it followed.
    fn initial_order(&mut self, hints: &[Option<f64>]) {
        for layer in &mut self.layers {
            layer.clear();
        }
        let mut seen = vec![false; self.vertices()];
        let mut stack = Vec::new();
        for i in 0..self.topological.len() {
            let start = self.topological[i];
            if seen[start] {
                continue;
            }
            stack.push(start);
            while let Some(v) = stack.pop() {
                if seen[v] {
                    continue;
                }
                seen[v] = true;
                self.layers[self.rank[v]].push(v);
                stack.extend(self.down[v].iter().rev().map(|s| s.other).filter(|&w| !seen[w]));
            }
        }
        if hints.iter().any(Option::is_some) {
            for layer in &mut self.layers {
                let mut key = f64::NEG_INFINITY;
                let mut keyed: Vec<(f64, usize, usize)> = Vec::with_capacity(layer.len());
                for (i, &v) in layer.iter().enumerate() {
                    key = hints.get(v).copied().flatten().filter(|h| h.is_finite()).unwrap_or(key);
                    keyed.push((key, i, v));
                }
                let keyed = super::sorted(&keyed, &|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                *layer = keyed.into_iter().map(|k| k.2).collect();
            }
        }
        // Each group together, where its members are on average.
        for l in 0..self.layers.len() {
            let own: Vec<f64> = (0..self.layers[l].len()).map(|i| i as f64).collect();
            self.layers[l] = self.grouped(l, &own);
        }
        self.pos = vec![0; self.vertices()];
        self.renumber();
    }

    fn renumber(&mut self) {
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Where segment `s` of vertex `v`'s lower side meets the next layer.
    fn key_below(&self, s: &Segment) -> f64 {
        self.pos[s.other] as f64 + s.slot
    }

    /// The crossings between layer `l` and layer `l + 1`. `O(E log E)`.
    pub fn crossings_below(&self, l: usize) -> usize {
        self.layers.get(l).map_or(0, |layer| self.crossings_from(layer, &mut Vec::new()))
    }

    /// The crossings between the vertices `upper` of one layer, in that order, and the next
    /// layer in its present order. `keys` is scratch space.
    fn crossings_from(&self, upper: &[usize], keys: &mut Vec<f64>) -> usize {
        keys.clear();
        for &v in upper {
            let start = keys.len();
            keys.extend(self.down[v].iter().map(|s| self.key_below(s)));
            // Edges leaving one vertex leave in the order they arrive, so never cross.
            crate::sorting::sort_floats(&mut keys[start..]);
        }
        inversions(keys)
    }

    /// All crossings between adjacent layers (ports included).
    pub fn crossings(&self) -> usize {
        (0..self.layers.len().saturating_sub(1)).map(|l| self.crossings_below(l)).sum()
    }

    /// [`Layered::crossings`], counted as work.
    fn counted_crossings(&mut self) -> usize {
        self.work = self.work.saturating_add(self.segments);
        self.crossings()
    }

    /// Sweeps, transpositions and sifting; keeps the order with the fewest crossings and
    /// returns them. From an earlier drawing's order, a fresh start is tried too (up to
    /// [`FRESH_START_LIMIT`] vertices), and taken only if it crosses less: the earlier order is
    /// kept where it costs nothing, and an edit never draws more crossings than a first drawing.
    pub fn minimise_crossings(&mut self) -> usize {
        let best = self.minimise_from_here();
        if best == 0 || !self.hinted || self.vertices() > FRESH_START_LIMIT {
            return best;
        }
        let kept = self.layers.clone();
        self.initial_order(&[]);
        let fresh = self.minimise_from_here();
        if fresh < best {
            return fresh;
        }
        self.layers = kept;
        self.renumber();
        best
    }

    /// One start of [`Layered::minimise_crossings`], from the present order, with work of its
    /// own (so a fresh start after an edit is exactly a first drawing's minimisation).
    fn minimise_from_here(&mut self) -> usize {
        self.work = 0;
        let mut best = self.counted_crossings();
        let mut best_layers = self.layers.clone();
        let mut since_best = 0;
        for sweep in 0..24 {
            if best == 0 || since_best >= 4 || self.spent() {
                break;
            }
            let downward = sweep % 2 == 0;
            let count = self.layers.len();
            let ls: Vec<usize> =
                if downward { (1..count).collect() } else { (0..count.saturating_sub(1)).rev().collect() };
            for l in ls {
                self.sort_layer(l, downward);
            }
            self.transpose();
            let now = self.counted_crossings();
            if now < best {
                best = now;
                best_layers = self.layers.clone();
                since_best = 0;
            } else {
                since_best += 1;
            }
        }
        self.layers = best_layers.clone();
        self.renumber();
        // Then sifting, layer by layer down and up, while it helps.
        for _ in 0..4 {
            if best == 0 {
                break;
            }
            self.sift_down_and_up();
            let now = self.counted_crossings();
            if now < best {
                best = now;
                best_layers = self.layers.clone();
            } else {
                break;
            }
        }
        self.layers = best_layers;
        self.renumber();
        // Then every order of the small layers at once, and a last polish if that helped.
        if best > 0 {
            let kept = self.layers.clone();
            let chosen = self.choose();
            if chosen < best {
                best = chosen;
                let chosen_layers = self.layers.clone();
                self.transpose();
                self.sift_down_and_up();
                let now = self.counted_crossings();
                if now < best {
                    best = now;
                } else {
                    self.layers = chosen_layers;
                    self.renumber();
                }
            } else {
                self.layers = kept;
                self.renumber();
            }
        }
        best
    }

    /// Chooses each layer's order among its candidates so that the crossings are fewest in
    /// total, by dynamic programming along the layers (the crossings of a layer depend only on
    /// its order and the next one's): a small layer's candidates are all its orders that keep
    /// its groups together, a larger layer's its present order. Returns the crossings of the
    /// order chosen (no more than the present order's, which is among the candidates);
    /// `O(Σ c_l c_{l+1} E_l log E_l)` for `c_l` candidates, within [`CHOICE_BUDGET`].
    fn choose(&mut self) -> usize {
        let count = self.layers.len();
        let mut counts: Vec<usize> = self.layers.iter().map(|layer| self.order_count(layer)).collect();
        // Within budget: the layers with the most candidates keep only their present order.
        let mut work: usize = counts.windows(2).map(|w| w[0] * w[1]).sum();
        let mut most: Vec<usize> = (0..count).collect();
        super::sort_indices(&mut most, &|a, b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        for l in most {
            if work <= CHOICE_BUDGET {
                break;
            }
            let neighbours = l.checked_sub(1).map_or(0, |k| counts[k]) + counts.get(l + 1).copied().unwrap_or(0);
            work -= (counts[l] - 1) * neighbours;
            counts[l] = 1;
        }
        // Only the layers that kept their candidates list them.
        let mut candidates: Vec<Vec<Vec<usize>>> = self
            .layers
            .iter()
            .zip(&counts)
            .map(|(layer, &c)| if c > 1 { self.orders(layer) } else { vec![layer.clone()] })
            .collect();
        // total[l][j]: the fewest crossings down to layer `l` with its order `j`; from[l][j],
        // the order of layer `l - 1` that gave it. Ties keep the lower candidate (the present
        // order is first).
        let Some(first) = candidates.first() else { return 0 };
        let mut total: Vec<usize> = vec![0; first.len()];
        let mut from: Vec<Vec<usize>> = vec![Vec::new()];
        let mut keys = Vec::new();
        for l in 1..count {
            let mut here = vec![usize::MAX; candidates[l].len()];
            let mut back = vec![0; candidates[l].len()];
            for (j, order) in candidates[l].iter().enumerate() {
                for (k, &v) in order.iter().enumerate() {
                    self.pos[v] = k;
                }
                for (i, above) in candidates[l - 1].iter().enumerate() {
                    let sum = total[i].saturating_add(self.crossings_from(above, &mut keys));
                    if sum < here[j] {
                        here[j] = sum;
                        back[j] = i;
                    }
                }
            }
            total = here;
            from.push(back);
        }
        let mut j = (0..total.len()).min_by_key(|&j| (total[j], j)).unwrap_or(0);
        let fewest = total.get(j).copied().unwrap_or(0);
        for l in (0..count).rev() {
            self.layers[l] = std::mem::take(&mut candidates[l][j]);
            j = from[l].get(j).copied().unwrap_or(0);
        }
        self.renumber();
        fewest
    }

    /// `layer` cut into blocks: a group's members next to each other, or one vertex.
    fn blocks(&self, layer: &[usize]) -> Vec<Vec<usize>> {
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        for &v in layer {
            match (self.group[v], blocks.last_mut()) {
                (Some(g), Some(last)) if last.first().is_some_and(|&w| self.group[w] == Some(g)) => last.push(v),
                _ => blocks.push(vec![v]),
            }
        }
        blocks
    }

    /// How many orders of `layer` keep its groups together, or 1 (its present order alone) if
    /// there are more than [`ORDERS_LIMIT`].
    fn order_count(&self, layer: &[usize]) -> usize {
        let blocks = self.blocks(layer);
        let factorial = |n: usize| (1..=n).try_fold(1usize, |f, k| f.checked_mul(k).filter(|&f| f <= ORDERS_LIMIT));
        let mut count = factorial(blocks.len());
        for block in &blocks {
            count = count.and_then(|c| c.checked_mul(factorial(block.len())?).filter(|&c| c <= ORDERS_LIMIT));
        }
        count.unwrap_or(1)
    }

    /// Every order of `layer` that keeps its groups together, the present one first.
    fn orders(&self, layer: &[usize]) -> Vec<Vec<usize>> {
        let blocks = self.blocks(layer);
        let mut orders: Vec<Vec<usize>> = Vec::new();
        for arrangement in permutations(blocks.len()) {
            let mut partial: Vec<Vec<usize>> = vec![Vec::new()];
            for &b in &arrangement {
                let block = &blocks[b];
                let inner = permutations(block.len());
                partial = partial
                    .iter()
                    .flat_map(|p| {
                        inner.iter().map(move |inside| {
                            let mut q = p.clone();
                            q.extend(inside.iter().map(|&i| block[i]));
                            q
                        })
                    })
                    .collect();
            }
            orders.extend(partial);
        }
        orders
    }

    /// Sifts every layer, down the layers and back up.
    fn sift_down_and_up(&mut self) {
        for l in (0..self.layers.len()).chain((0..self.layers.len()).rev()) {
            if self.spent() {
                return;
            }
            self.sift(l);
        }
    }

    /// Sifting (Matuszewski, Schönfeld and Molitor 1999) on layer `l`: each block (a group's
    /// members, or one vertex) in turn is taken out and put back where it crosses least, counting
    /// both sides; then each member within its group's block. Layers of more than
    /// [`SIFT_LIMIT`] blocks are left as they are. `O(B² d)` for `B` blocks of degree `d`.
    fn sift(&mut self, l: usize) {
        let layer = &self.layers[l];
        let blocks = self.blocks(layer);
        if blocks.len() > SIFT_LIMIT || blocks.len() < 2 && blocks.first().is_none_or(|b| b.len() < 2) {
            return;
        }
        let keys = |members: &[usize]| -> (Vec<f64>, Vec<f64>) {
            let mut above: Vec<f64> =
                members.iter().flat_map(|&v| self.up[v].iter().map(|s| self.pos[s.other] as f64)).collect();
            let mut below: Vec<f64> =
                members.iter().flat_map(|&v| self.down[v].iter().map(|s| self.key_below(s))).collect();
            crate::sorting::sort_floats(&mut above);
            crate::sorting::sort_floats(&mut below);
            (above, below)
        };
        let block_keys: Vec<(Vec<f64>, Vec<f64>)> = blocks.iter().map(|b| keys(b)).collect();
        // Each block is compared with every other at every place: twice each key per block.
        let total: usize = block_keys.iter().map(|k| k.0.len() + k.1.len() + 1).sum();
        let work = 2 * blocks.len() * total;
        let mut order: Vec<usize> = (0..blocks.len()).collect();
        sift_units(&mut order, &block_keys);
        let mut result: Vec<usize> = Vec::with_capacity(layer.len());
        for &b in &order {
            let members = &blocks[b];
            if members.len() > 1 && members.len() <= SIFT_LIMIT {
                let member_keys: Vec<(Vec<f64>, Vec<f64>)> = members.iter().map(|&v| keys(&[v])).collect();
                let mut inner: Vec<usize> = (0..members.len()).collect();
                sift_units(&mut inner, &member_keys);
                result.extend(inner.iter().map(|&i| members[i]));
            } else {
                result.extend(members);
            }
        }
        for (i, &v) in result.iter().enumerate() {
            self.pos[v] = i;
        }
        self.layers[l] = result;
        self.work = self.work.saturating_add(work);
    }

    /// The weighted median of the positions `keys` (sorted), as in Gansner et al.'s dot.
    fn median(keys: &[f64]) -> Option<f64> {
        let m = keys.len() / 2;
        match keys.len() {
            0 => None,
            n if n % 2 == 1 => Some(keys[m]),
            2 => Some((keys[0] + keys[1]) / 2.0),
            n => {
                let left = keys[m - 1] - keys[0];
                let right = keys[n - 1] - keys[m];
                if left + right == 0.0 {
                    Some((keys[m - 1] + keys[m]) / 2.0)
                } else {
                    Some((keys[m - 1] * right + keys[m] * left) / (left + right))
                }
            }
        }
    }

    /// Orders layer `l` by its vertices' medians in the layer above (`downward`) or below;
    /// a vertex without neighbours there keeps its place. Groups stay together.
    fn sort_layer(&mut self, l: usize, downward: bool) {
        let layer = &self.layers[l];
        let mut scratch = Vec::new();
        let mut keys_read = 0;
        let own: Vec<f64> = layer
            .iter()
            .map(|&v| {
                scratch.clear();
                if downward {
                    scratch.extend(self.up[v].iter().map(|s| self.pos[s.other] as f64));
                } else {
                    scratch.extend(self.down[v].iter().map(|s| self.key_below(s)));
                }
                keys_read += 1 + scratch.len();
                crate::sorting::sort_floats(&mut scratch);
                Self::median(&scratch).unwrap_or(self.pos[v] as f64)
            })
            .collect();
        self.work = self.work.saturating_add(keys_read);
        let mut sorted = self.grouped(l, &own);
        std::mem::swap(&mut self.layers[l], &mut sorted);
        for (i, &v) in self.layers[l].iter().enumerate() {
            self.pos[v] = i;
        }
    }

    /// Layer `l` sorted by `own` (by position in the layer), each group placed at its members'
    /// mean and kept together.
    fn grouped(&self, l: usize, own: &[f64]) -> Vec<usize> {
        let layer = &self.layers[l];
        let mut sums: Vec<(usize, f64, usize)> = Vec::new();
        for (i, &v) in layer.iter().enumerate() {
            if let Some(g) = self.group[v] {
                match sums.iter_mut().find(|s| s.0 == g) {
                    Some(s) => {
                        s.1 += own[i];
                        s.2 += 1;
                    }
                    None => sums.push((g, own[i], 1)),
                }
            }
        }
        let block = |i: usize, v: usize| match self.group[v] {
            Some(g) => {
                let (_, sum, count) = sums.iter().find(|s| s.0 == g).copied().unwrap_or((g, own[i], 1));
                (sum / count as f64, g, 0)
            }
            None => (own[i], usize::MAX, v),
        };
        // (the block's key, its group, the vertex if alone), own key, index, vertex.
        type Keyed = ((f64, usize, usize), f64, usize, usize);
        let keyed: Vec<Keyed> = layer.iter().enumerate().map(|(i, &v)| (block(i, v), own[i], i, v)).collect();
        let keyed = super::sorted(&keyed, &|a, b| {
            a.0 .0
                .total_cmp(&b.0 .0)
                .then(a.0 .1.cmp(&b.0 .1))
                .then(a.0 .2.cmp(&b.0 .2))
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        keyed.into_iter().map(|k| k.3).collect()
    }

    /// Swaps neighbours while that removes crossings: at most eight passes over the layers.
    /// Within one layer the neighbours' positions do not change, so each vertex's sorted
    /// neighbour keys are read once per layer.
    fn transpose(&mut self) {
        // Each vertex's sorted keys above and below, flat: vertex `i` of the layer owns
        // `keys[offsets[i]..offsets[i + 1]]`.
        let (mut above, mut above_at) = (Vec::<f64>::new(), Vec::<usize>::new());
        let (mut below, mut below_at) = (Vec::<f64>::new(), Vec::<usize>::new());
        let mut counts: Vec<(usize, usize)> = Vec::new();
        // A layer is looked at again only if it or a neighbouring layer changed since it was
        // last looked at: otherwise it would make the same choices (none).
        let mut dirty = vec![true; self.layers.len()];
        // On a dense graph the passes stop at a share of the limit, leaving work for more
        // sweeps, which remove more crossings per unit of work there.
        let enough = self.work.saturating_add(self.limit / TRANSPOSE_SHARE);
        for _ in 0..8 {
            let mut improved = false;
            for l in 0..self.layers.len() {
                let layer = &self.layers[l];
                if layer.len() < 2 || !std::mem::take(&mut dirty[l]) {
                    continue;
                }
                above.clear();
                below.clear();
                above_at.clear();
                below_at.clear();
                for &v in layer {
                    above_at.push(above.len());
                    let start = above.len();
                    above.extend(self.up[v].iter().map(|s| self.pos[s.other] as f64));
                    crate::sorting::sort_floats(&mut above[start..]);
                    below_at.push(below.len());
                    let start = below.len();
                    below.extend(self.down[v].iter().map(|s| self.key_below(s)));
                    crate::sorting::sort_floats(&mut below[start..]);
                }
                above_at.push(above.len());
                below_at.push(below.len());
                // Each key is read once and compared about twice.
                self.work = self.work.saturating_add(layer.len() + 3 * (above.len() + below.len()));
                // Each vertex's keys above and below, by its original index.
                let keys: Vec<(&[f64], &[f64])> = above_at
                    .windows(2)
                    .zip(below_at.windows(2))
                    .map(|(a, b)| (&above[a[0]..a[1]], &below[b[0]..b[1]]))
                    .collect();
                // How many members each group has in this layer: one alone may move freely.
                counts.clear();
                for &v in layer {
                    if let Some(g) = self.group[v] {
                        match counts.iter_mut().find(|c| c.0 == g) {
                            Some(c) => c.1 += 1,
                            None => counts.push((g, 1)),
                        }
                    }
                }
                let alone = |v: usize| self.group[v].is_none_or(|g| counts.iter().any(|c| c.0 == g && c.1 == 1));
                // `slot[i]` is the original index (into the keys) of the vertex now at `i`.
                let mut slot: Vec<usize> = (0..layer.len()).collect();
                let mut order = layer.clone();
                for i in 0..order.len() - 1 {
                    let (a, b) = (order[i], order[i + 1]);
                    if self.group[a] != self.group[b] && !(alone(a) && alone(b)) {
                        continue;
                    }
                    let ((up_a, down_a), (up_b, down_b)) = (keys[slot[i]], keys[slot[i + 1]]);
                    let now = pairs_above(up_a, up_b) + pairs_above(down_a, down_b);
                    let swapped = pairs_above(up_b, up_a) + pairs_above(down_b, down_a);
                    if swapped < now {
                        order.swap(i, i + 1);
                        slot.swap(i, i + 1);
                        improved = true;
                        for k in l.saturating_sub(1)..(l + 2).min(dirty.len()) {
                            dirty[k] = true;
                        }
                    }
                }
                for (i, &v) in order.iter().enumerate() {
                    self.pos[v] = i;
                }
                self.layers[l] = order;
            }
            if !improved || self.work >= enough {
                break;
            }
        }
    }
}

/// The work (keys read and compared) after which the crossing minimisation stops where it is:
/// [`ORDER_WORK`], or [`ORDER_WORK_PER_SEGMENT`] per segment if that is more. The lecture's
/// programs stay under a tenth of it; networks of a thousand nodes reach it in the sifting,
/// which finds nothing more on them, so they draw the same as without it; a random graph of a
/// thousand nodes (a hundred thousand crossings, which no order makes readable) stops in its
/// sweeps at a fifth of the time, and a graph of ten thousand nodes takes a fraction of a second.
const ORDER_WORK: usize = 350_000;
const ORDER_WORK_PER_SEGMENT: usize = 100;

/// One call of the transposition stops after this share of the work limit (`1 / 16`).
const TRANSPOSE_SHARE: usize = 16;

/// Above this many vertices, an edit's layout starts from the earlier drawing's order alone (a
/// second, fresh start would double the time of the crossing minimisation).
const FRESH_START_LIMIT: usize = 1_500;

/// A layer with more orders than this keeps its own in [`Layered::choose`].
const ORDERS_LIMIT: usize = 24;

/// The most pairs of orders [`Layered::choose`] compares.
const CHOICE_BUDGET: usize = 500;

/// Every permutation of `0..n`, the identity first (in lexicographic order).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    let mut p: Vec<usize> = (0..n).collect();
    loop {
        all.push(p.clone());
        // The next permutation in lexicographic order.
        let Some(i) = (1..n).rev().find(|&i| p[i - 1] < p[i]) else { return all };
        let Some(j) = (i..n).rev().find(|&j| p[j] > p[i - 1]) else { return all };
        p.swap(i - 1, j);
        p[i..].reverse();
    }
}

/// Layers with more blocks than this are not sifted (it is quadratic in the layer's size).
const SIFT_LIMIT: usize = 200;

/// Moves each unit of `order` in turn to the place where it crosses least; `keys[u]` are unit
/// `u`'s sorted keys above and below. A unit stays put unless another place is strictly better.
fn sift_units(order: &mut Vec<usize>, keys: &[(Vec<f64>, Vec<f64>)]) {
    let cost = |a: usize, b: usize| pairs_above(&keys[a].0, &keys[b].0) + pairs_above(&keys[a].1, &keys[b].1);
    let units: Vec<usize> = order.clone();
    for u in units {
        let Some(from) = order.iter().position(|&x| x == u) else { continue };
        order.remove(from);
        // Inserting at k: the units before it are above u, the ones after below.
        let mut now: i64 = order.iter().map(|&w| cost(u, w) as i64).sum();
        let (mut best, mut best_at) = (i64::MAX, from);
        for k in 0..=order.len() {
            if now < best || (now == best && k == from) {
                best = now;
                best_at = k;
            }
            if let Some(&w) = order.get(k) {
                now += cost(w, u) as i64 - cost(u, w) as i64;
            }
        }
        order.insert(best_at.min(order.len()), u);
    }
}

/// Crossings between the segments at sorted keys `xs` (of the vertex above) and `ys` (of the
/// vertex directly below it): the pairs with `x > y`. `O(|xs| + |ys|)`.
#[inline]
fn pairs_above(xs: &[f64], ys: &[f64]) -> usize {
    let mut j = 0;
    let mut total = 0;
    for &x in xs {
        while j < ys.len() && ys[j] < x {
            j += 1;
        }
        total += j;
    }
    total
}

/// The number of pairs `i < j` with `keys[i] > keys[j]` (merge sort, which sorts `keys`, above
/// 32 keys).
/// `O(n log n)`.
pub(super) fn inversions(keys: &mut [f64]) -> usize {
    let n = keys.len();
    if n <= 32 {
        // Few keys: counting the pairs directly is quicker than merging.
        return keys.iter().enumerate().map(|(i, a)| keys[i + 1..].iter().filter(|&b| b < a).count()).sum();
    }
    let mut buffer = keys.to_vec();
    let mut count = 0;
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, middle, start);
            while i < middle && j < end {
                if keys[j] < keys[i] {
                    buffer[k] = keys[j];
                    count += middle - i;
                    j += 1;
                } else {
                    buffer[k] = keys[i];
                    i += 1;
                }
                k += 1;
            }
            buffer[k..k + (middle - i)].copy_from_slice(&keys[i..middle]);
            k += middle - i;
            buffer[k..k + (end - j)].copy_from_slice(&keys[j..end]);
            start = end;
        }
        keys.copy_from_slice(&buffer);
        width *= 2;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Link, Size};

    fn input(n: usize, edges: &[(usize, usize, usize, usize)]) -> Input {
        Input {
            sizes: vec![Size { width: 10.0, height: 10.0 }; n],
            edges: edges.iter().map(|&(from, to, port, ports)| Link { from, to, port, ports }).collect(),
            groups: Vec::new(),
            last: None,
            hints: Vec::new(),
        }
    }

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions(&mut [1.0, 2.0, 3.0]), 0);
        assert_eq!(inversions(&mut [3.0, 2.0, 1.0]), 3);
        assert_eq!(inversions(&mut [2.0, 2.0, 1.0, 5.0, 0.0]), 6);
        // Past the direct count: 40 keys in reverse, and the same with every other pair swapped.
        let mut reversed: Vec<f64> = (0..40).rev().map(f64::from).collect();
        assert_eq!(inversions(&mut reversed), 40 * 39 / 2);
        let mut swapped: Vec<f64> = (0..40).map(|i| f64::from(i ^ 1)).collect();
        assert_eq!(inversions(&mut swapped), 20);
    }

    #[test]
    fn ports_count_as_crossings() {
        // 0 and 1 feed node 2's slots 0 and 1: with 1 above 0 the two edges cross.
        let mut layered = Layered::new(&input(3, &[(0, 2, 0, 2), (1, 2, 1, 2)]));
        layered.layers[0] = vec![1, 0];
        layered.renumber();
        assert_eq!(layered.crossings(), 1);
        assert_eq!(layered.minimise_crossings(), 0);
        assert_eq!(layered.layers[0], vec![0, 1]);
    }

    #[test]
    fn long_edges_become_chains_of_dummies() {
        let layered = Layered::new(&input(4, &[(0, 1, 0, 1), (1, 2, 0, 1), (2, 3, 0, 2), (0, 3, 1, 2)]));
        let chain = layered.chains[3].as_ref().map(|c| c.vertices.clone());
        assert_eq!(chain, Some(vec![0, 4, 5, 3]));
        assert_eq!(layered.vertices(), 6);
    }

    /// Every order of `layer` that keeps each group's members next to each other, by trying
    /// every permutation.
    fn orders_by_trying(layer: &[usize], group: &[Option<usize>]) -> Vec<Vec<usize>> {
        fn go(k: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if k == current.len() {
                out.push(current.clone());
            }
            for i in k..current.len() {
                current.swap(k, i);
                go(k + 1, current, out);
                current.swap(k, i);
            }
        }
        let mut all = Vec::new();
        go(0, &mut layer.to_vec(), &mut all);
        all.retain(|order| {
            let groups: Vec<Option<usize>> = order.iter().map(|&v| group[v]).collect();
            groups.iter().enumerate().all(|(i, g)| g.is_none() || !groups[..i].contains(g) || groups[i - 1] == *g)
        });
        all
    }

    /// The fewest crossings of any combination of the layers' orders, by trying them all
    /// (`None` if there are more than `limit`).
    fn fewest_by_trying(layered: &mut Layered, limit: usize) -> Option<usize> {
        let all: Vec<Vec<Vec<usize>>> = layered.layers.iter().map(|l| orders_by_trying(l, &layered.group)).collect();
        all.iter().try_fold(1usize, |n, a| n.checked_mul(a.len()).filter(|&n| n <= limit))?;
        let mut choice = vec![0; all.len()];
        let mut fewest = usize::MAX;
        loop {
            for (l, &c) in choice.iter().enumerate() {
                layered.layers[l] = all[l][c].clone();
            }
            layered.renumber();
            fewest = fewest.min(layered.crossings());
            // The next combination, as an odometer.
            let Some(l) = (0..all.len()).find(|&l| choice[l] + 1 < all[l].len()) else { return Some(fewest) };
            choice[l] += 1;
            for earlier in &mut choice[..l] {
                *earlier = 0;
            }
        }
    }

    #[test]
    fn small_layers_are_ordered_as_well_as_any_order_can() {
        // The lecture's logistic regression: two frames and argument slots.
        let program = "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\n\
                       J = ystar*log(q) + (1 - ystar)*log(1 - q)";
        let graph = crate::compile(program, &crate::Options::default()).graph.expect("the program compiles");
        let mut layered = Layered::new(&crate::layout::input(&graph, &crate::layout::node_widths(&graph)));
        let ours = layered.minimise_crossings();
        assert_eq!(Some(ours), fewest_by_trying(&mut layered, 1_000_000));
        // The lecture's quiz: 3, the fewest its ranks and slots allow (tests/layout.rs).
        let quiz = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
        let graph = crate::compile(quiz, &crate::Options::default()).graph.expect("the quiz compiles");
        let mut layered = Layered::new(&crate::layout::input(&graph, &crate::layout::node_widths(&graph)));
        let ours = layered.minimise_crossings();
        assert_eq!((ours, fewest_by_trying(&mut layered, 1_000_000)), (3, Some(3)));
        // Random small graphs, each edge into one of two slots.
        let mut next = numbers(7);
        let mut tried = 0;
        for _ in 0..400 {
            let n = 4 + next(5);
            let mut edges = Vec::new();
            for to in 1..n {
                for _ in 0..1 + next(2) {
                    edges.push((next(to), to, next(2), 2));
                }
            }
            let mut input = input(n, &edges);
            input.groups = (0..n).map(|v| (v < 2 && n > 5).then_some(0)).collect();
            let mut layered = Layered::new(&input);
            // Small: every layer has few orders, and all pairs of them fit the budget.
            let counts: Vec<usize> = layered.layers.iter().map(|l| orders_by_trying(l, &layered.group).len()).collect();
            let pairs: usize = counts.windows(2).map(|w| w[0] * w[1]).sum();
            if counts.iter().any(|&c| c > ORDERS_LIMIT) || pairs > CHOICE_BUDGET {
                continue;
            }
            let ours = layered.minimise_crossings();
            if let Some(fewest) = fewest_by_trying(&mut layered, 20_000) {
                assert_eq!(ours, fewest, "{edges:?}");
                tried += 1;
            }
        }
        assert!(tried > 200, "{tried}");
    }

    /// Pseudo-random numbers from `seed`: each call gives one below its argument.
    fn numbers(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed;
        move |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) % n as u64) as usize
        }
    }

    /// A random graph of `n` nodes, each after the first tenth combining two earlier ones.
    fn dense(n: usize, seed: u64) -> Input {
        let mut next = numbers(seed);
        let edges: Vec<(usize, usize, usize, usize)> =
            (n / 10..n).flat_map(|to| [(next(to), to, 0, 2), (next(to), to, 1, 2)]).collect();
        input(n, &edges)
    }

    #[test]
    fn a_dense_graph_stops_at_its_work_limit_with_the_best_order_found() {
        let input = dense(400, 3);
        let mut free = Layered::new(&input);
        free.limit = usize::MAX;
        let first = free.crossings();
        let unlimited = free.minimise_crossings();
        let mut held = Layered::new(&input);
        held.limit = free.work / 4;
        let limited = held.minimise_crossings();
        // It stopped soon after the limit (one transposition pass or one layer's sifting past
        // it at most), and what it returns is the order it kept.
        assert!(held.work < free.work / 2, "{} of {}", held.work, free.work);
        assert_eq!(limited, held.crossings());
        assert!(unlimited <= limited && limited < first, "{unlimited} {limited} {first}");
    }

    #[test]
    fn the_lectures_programs_never_reach_the_work_limit() {
        let network = "x = [0.5, -1, 2]\nW1 = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 0, 1]]\n\
                       W2 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 1, 2, 3], [4, 5, 6, 7]]\nW3 = [[1, 2, 3, 4]]\n\
                       y = sum(tanh(W3 @ tanh(W2 @ tanh(W1 @ x))))";
        let programs = [
            "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
            "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\n\
             J = ystar*log(q) + (1 - ystar)*log(1 - q)",
            network,
        ];
        for program in programs {
            let graph = crate::compile(program, &crate::Options::default()).graph.expect("the program compiles");
            let mut layered = Layered::new(&crate::layout::input(&graph, &crate::layout::node_widths(&graph)));
            layered.minimise_crossings();
            assert!(layered.work < layered.limit / 5, "{} of {}: {program}", layered.work, layered.limit);
        }
    }
}
