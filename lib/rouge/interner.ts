// Dense ids let the index use typed arrays instead of string maps in its hot loops.
export class TokenInterner {
  private readonly ids = new Map<string, number>();
  private readonly tokens: string[] = [];

  get size(): number {
    return this.tokens.length;
  }

  id(token: string): number {
    const known = this.ids.get(token);
    if (known !== undefined) return known;
    const fresh = this.tokens.length;
    this.ids.set(token, fresh);
    this.tokens.push(token);
    return fresh;
  }

  /** Id of a token already seen, or -1; unlike id() it never grows the table (queries use it). */
  peek(token: string): number {
    return this.ids.get(token) ?? -1;
  }

  token(id: number): string | undefined {
    return this.tokens[id];
  }

  encode(tokens: string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.id(tokens[i] as string);
    return out;
  }

  /** Like encode() but maps unseen tokens to -1 instead of adding them. */
  lookup(tokens: string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.peek(tokens[i] as string);
    return out;
  }
}
