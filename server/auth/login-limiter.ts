import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Failed and successful attempts alike count. An address is allowed more: a desk behind one NAT shares it. */
const PER_USER = { points: 10, duration: 15 * 60 };
const PER_ADDRESS = { points: 100, duration: 15 * 60 };

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * Login attempts per user name and per address, in memory (one RiskDesk process holds the
 * sessions of its users). A success clears the user's count, not the address's.
 */
export class LoginLimiter {
  private readonly perUser = new RateLimiterMemory({ keyPrefix: "login-user", ...PER_USER });
  private readonly perAddress = new RateLimiterMemory({ keyPrefix: "login-address", ...PER_ADDRESS });

  async attempt(name: string, address: string): Promise<LimitVerdict> {
    try {
      await this.perAddress.consume(address);
      await this.perUser.consume(name.toLowerCase());
      return { allowed: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterS: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      throw refusal;
    }
  }

  async succeeded(name: string): Promise<void> {
    await this.perUser.delete(name.toLowerCase());
  }
}
