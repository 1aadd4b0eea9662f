//! Store benchmark (in progress).
#[path = "corpus/mod.rs"]
mod corpus;

fn main() {
    let mut words = 0;
    let mut bytes = 0;
    let n = 200;
    for p in corpus::posts(n) {
        words += p
            .sections
            .iter()
            .map(|s| s.body.split_whitespace().count())
            .sum::<usize>();
        bytes += p.text_bytes();
        p.validate().expect("valid");
    }
    println!("avg words {} avg bytes {}", words / n, bytes / n);
    println!("{}", corpus::post(4).to_json());
}
