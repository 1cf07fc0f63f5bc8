/** Reading the fields of one request, in order, with the checks the simulator relies on. */

/** A request whose fields do not fit its message id; answered with an error, not fatal. */
export class MalformedRequestError extends Error {
  override readonly name = "MalformedRequestError";
}

export class ClientRequest {
  private next = 1;

  constructor(
    readonly msgId: number,
    readonly fields: readonly string[],
  ) {}

  /** Skips the message version field of versioned requests. */
  skipVersion(): this {
    this.str("version");
    return this;
  }

  str(name: string): string {
    const value = this.fields[this.next];
    if (value === undefined) throw new MalformedRequestError(`missing field ${name}`);
    this.next++;
    return value;
  }

  int(name: string): number {
    const value = this.str(name);
    if (!/^-?\d{1,10}$/.test(value)) throw new MalformedRequestError(`${name} is not an integer: ${JSON.stringify(value)}`);
    return Number(value);
  }
}
