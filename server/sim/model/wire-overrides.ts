/**
 * Values the control surface makes the gateway send in place of the true ones, to script a
 * broken or hostile gateway: IB's "unset" double, any number, or any text at all.
 */

/** IB's "unset" double (Java's Double.MAX_VALUE) exactly as TWS writes it on the wire. */
export const IB_UNSET_DOUBLE_TEXT = "1.7976931348623157E308";

/** "unset" is IB's unset double; a number is written as JavaScript prints it; text goes as it is. */
export type WireOverride = "unset" | number | string;

export type PositionField = "position" | "avgCost";

const text = (override: WireOverride): string => (override === "unset" ? IB_UNSET_DOUBLE_TEXT : String(override));

export class WireOverrides {
  private readonly byKey = new Map<string, string>();

  /** What to send for an account-summary tag instead of its value; null goes back to the true value. */
  setAccountValue(account: string, tag: string, override: WireOverride | null): void {
    this.set(`${account}\0${tag}`, override);
  }

  accountValue(account: string, tag: string): string | undefined {
    return this.byKey.get(`${account}\0${tag}`);
  }

  setPositionField(account: string, conId: number, field: PositionField, override: WireOverride | null): void {
    this.set(`${account}\0${conId}\0${field}`, override);
  }

  positionField(account: string, conId: number, field: PositionField): string | undefined {
    return this.byKey.get(`${account}\0${conId}\0${field}`);
  }

  private set(key: string, override: WireOverride | null): void {
    if (override === null) this.byKey.delete(key);
    else this.byKey.set(key, text(override));
  }
}
