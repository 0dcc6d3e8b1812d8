fn main() {
    gradgraph_web::run();
}
