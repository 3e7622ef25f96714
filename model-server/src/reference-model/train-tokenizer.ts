import {
  Tokenizer,
  WordPiece,
  bertNormalizer,
  bertPreTokenizer,
  bertProcessing,
  wordPieceDecoder,
  type Normalizer,
  type PreTokenizer,
} from 'tokenizers';
import { learnWordPieceVocabulary } from './wordpiece-vocabulary';

/** BERT's special tokens, at BERT's usual low ids. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const PAD_ID = 0;

/** Words of the titles as the tokenizer will see them: BERT-normalised (lower case), BERT-pre-tokenized. */
export function countWords(titles: string[], normalizer: Normalizer, preTokenizer: PreTokenizer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const title of titles) {
    for (const [word] of preTokenizer.preTokenizeString(normalizer.normalizeString(title))) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * A BERT-style WordPiece tokenizer for the titles, built from Hugging Face's parts (lower-casing
 * BERT normaliser, BERT pre-tokenizer, WordPiece model, `[CLS] … [SEP]` template, WordPiece
 * decoder) and saved by them as a standard tokenizer.json. The vocabulary is learned by
 * `learnWordPieceVocabulary`, which makes it reproducible (see there why not the binding's trainer).
 */
export function trainWordPieceTokenizer(titles: string[], vocabSize: number): Tokenizer {
  const normalizer = bertNormalizer({ lowercase: true, cleanText: true });
  const preTokenizer = bertPreTokenizer();
  const pieces = learnWordPieceVocabulary(
    countWords(titles, normalizer, preTokenizer),
    vocabSize - SPECIAL_TOKENS.length,
  );
  const vocab = Object.fromEntries([...SPECIAL_TOKENS, ...pieces].map((token, id) => [token, id]));
  const tokenizer = new Tokenizer(WordPiece.init(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##' }));
  tokenizer.setNormalizer(normalizer);
  tokenizer.setPreTokenizer(preTokenizer);
  tokenizer.addSpecialTokens([...SPECIAL_TOKENS]);
  tokenizer.setPostProcessor(bertProcessing(['[SEP]', 3], ['[CLS]', 2]));
  tokenizer.setDecoder(wordPieceDecoder('##', true));
  return tokenizer;
}
