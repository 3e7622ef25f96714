import { Tokenizer } from 'tokenizers';

/** One tokenized text: the BERT-style tensors for one row, before padding. */
export interface Sequence {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
}

/**
 * Hugging Face's tokenizer reading a standard `tokenizer.json`. Texts longer than the model's
 * maximum length are truncated, never rejected. Encoding runs on libuv's pool, off the event loop.
 */
export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
  ) {}

  static load(file: string, maxLength: number): TextTokenizer {
    let tokenizer: Tokenizer;
    try {
      tokenizer = Tokenizer.fromFile(file);
    } catch (error) {
      throw new Error(
        `${file} is not a valid tokenizer.json: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    tokenizer.disablePadding();
    tokenizer.setTruncation(maxLength);
    return new TextTokenizer(tokenizer, maxLength);
  }

  get vocabSize(): number {
    return this.tokenizer.getVocabSize(true);
  }

  async encode(texts: string[]): Promise<Sequence[]> {
    const encodings = await this.tokenizer.encodeBatch(texts);
    return encodings.map((encoding) => ({
      inputIds: encoding.getIds(),
      attentionMask: encoding.getAttentionMask(),
      tokenTypeIds: encoding.getTypeIds(),
    }));
  }
}
