//! tantivy adapters: the word, gram and unit-prefix streams as tantivy tokenizers, registered
//! by name.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer, TokenizerManager};

use super::{unit_prefixes, Analyzer, Token};

/// Name under which [`WordsTokenizer`] is registered.
pub const WORDS_TOKENIZER: &str = "khlang_words";
/// Name under which [`GramsTokenizer`] is registered.
pub const GRAMS_TOKENIZER: &str = "khlang_grams";
/// Name under which [`UnitsTokenizer`] is registered.
pub const UNITS_TOKENIZER: &str = "khlang_units";

/// [`Analyzer::words`] as a tantivy tokenizer.
#[derive(Clone)]
pub struct WordsTokenizer(Analyzer);

/// [`Analyzer::grams`] as a tantivy tokenizer.
#[derive(Clone)]
pub struct GramsTokenizer(Analyzer);

/// [`unit_prefixes`] of [`Analyzer::grams`] as a tantivy tokenizer.
#[derive(Clone)]
pub struct UnitsTokenizer(Analyzer);

impl WordsTokenizer {
    pub fn new(analyzer: Analyzer) -> WordsTokenizer {
        WordsTokenizer(analyzer)
    }
}

impl GramsTokenizer {
    pub fn new(analyzer: Analyzer) -> GramsTokenizer {
        GramsTokenizer(analyzer)
    }
}

impl UnitsTokenizer {
    pub fn new(analyzer: Analyzer) -> UnitsTokenizer {
        UnitsTokenizer(analyzer)
    }
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.0.words(text))
    }
}

impl Tokenizer for GramsTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.0.grams(text))
    }
}

impl Tokenizer for UnitsTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(unit_prefixes(&self.0.grams(text)))
    }
}

/// Registers the tokenizers under [`WORDS_TOKENIZER`], [`GRAMS_TOKENIZER`] and
/// [`UNITS_TOKENIZER`].
pub fn register_tokenizers(manager: &TokenizerManager, analyzer: &Analyzer) {
    manager.register(WORDS_TOKENIZER, WordsTokenizer::new(analyzer.clone()));
    manager.register(GRAMS_TOKENIZER, GramsTokenizer::new(analyzer.clone()));
    manager.register(UNITS_TOKENIZER, UnitsTokenizer::new(analyzer.clone()));
}

/// Tokens computed up front (the analysis needs the whole text anyway), handed out one by one.
pub struct VecTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: TantivyToken,
}

impl VecTokenStream {
    pub(crate) fn new(tokens: Vec<Token>) -> VecTokenStream {
        VecTokenStream {
            tokens: tokens.into_iter(),
            current: TantivyToken::default(),
        }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = TantivyToken {
                    offset_from: t.offset_from,
                    offset_to: t.offset_to,
                    position: t.position,
                    text: t.text,
                    position_length: 1,
                };
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &TantivyToken {
        &self.current
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenizerManager;

    use super::*;

    #[test]
    fn registered_tokenizers_produce_the_analyzer_streams() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let manager = TokenizerManager::new();
        register_tokenizers(&manager, &analyzer);
        let text = "เผยแพร่ข้อมูล ITA";
        for (name, expected) in [
            (WORDS_TOKENIZER, analyzer.words(text)),
            (GRAMS_TOKENIZER, analyzer.grams(text)),
            (UNITS_TOKENIZER, unit_prefixes(&analyzer.grams(text))),
        ] {
            let mut tok = manager.get(name).expect("registered");
            let mut stream = tok.token_stream(text);
            let mut got = Vec::new();
            stream.process(&mut |t| {
                got.push(Token {
                    text: t.text.clone(),
                    offset_from: t.offset_from,
                    offset_to: t.offset_to,
                    position: t.position,
                })
            });
            assert_eq!(got, expected, "{name}");
            assert!(!got.is_empty());
        }
    }
}
