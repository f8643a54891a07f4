//! tokenize backend: health and version probes plus a whitespace-and-punctuation tokenizer, std only.
use std::io::Read;
use std::process::ExitCode;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const USAGE: &str = "usage: run.sh health | version | tokens [TEXT...] | count [TEXT...]  (no TEXT: reads stdin)";

fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(&text[s..i]);
        }
        if !c.is_whitespace() {
            tokens.push(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

fn input(args: &[String]) -> std::io::Result<String> {
    if !args.is_empty() {
        return Ok(args.join(" "));
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    Ok(text)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some(split) => split,
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command.as_str() {
        "health" => println!("ok"),
        "version" => println!("{NAME} {VERSION}"),
        "tokens" | "count" => {
            let text = match input(rest) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("cannot read stdin: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let tokens = tokenize(&text);
            if command == "count" {
                println!("{}", tokens.len());
            } else {
                for token in tokens {
                    println!("{token}");
                }
            }
        }
        other => {
            eprintln!("unknown command '{other}'; {USAGE}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(tokenize("Hello, world!"), vec!["Hello", ",", "world", "!"]);
    }
}
