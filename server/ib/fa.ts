import { EventName, FADataType } from "@stoqey/ib";
import type { FaGroup } from "@/lib/fa";
import type { IbMessage } from "./connection";
import { listen, type FeedContext } from "./feed";
import { IB_CODES } from "./errors";
import { parseFaAliases, parseFaGroups } from "./fa-xml";
import { decodeUnicodeEscapes } from "@/server/tws-wire/unicode-escapes";
import { PRIORITY } from "./pacer";
import { StandingRequest } from "./subscriptions";

/**
 * The FA configuration: groups with their members and allocation method, and account
 * aliases, re-read on every session. A login that is not an FA master gets IB's 321 for
 * these requests; RiskDesk then stops asking and reports no groups.
 */
export class FaFeed {
  private groups: FaGroup[] = [];
  private aliases: Record<string, string> = {};
  private readonly requests: Array<StandingRequest<FADataType>>;

  constructor(private readonly options: FeedContext) {
    const { api, registry } = options;
    // A one-shot read, repeated on every session: IB keeps no FA subscription.
    this.requests = [FADataType.GROUPS, FADataType.ALIASES].map(
      (type) =>
        new StandingRequest({
          kind: "fa",
          id: FADataType[type],
          target: type,
          priority: PRIORITY.high,
          start: () => api.requestFA(type),
          stop: () => {},
          onRefused: (message) => this.onRefused(message),
        }),
    );
    for (const request of this.requests) registry.add(request);
    listen(api, options.logger, EventName.receiveFA, (dataType: number, xml: string) => this.onReceive(dataType, xml));
  }

  /** IB answers FA requests without a request id, so their refusal arrives as a general message. */
  onIbMessage(message: IbMessage): void {
    if (message.code === IB_CODES.validationError && /\bFA\b/i.test(message.message)) {
      this.onRefused(message);
    }
  }

  private onRefused(message: IbMessage): void {
    this.options.logger.info({ code: message.code }, `not an FA login; no groups or aliases: ${message.message}`);
    for (const request of this.requests) this.options.registry.remove(request.key);
    this.publish([], {});
  }

  private onReceive(dataType: number, raw: string): void {
    // TWS escapes non-ASCII text ("M\u00fcller") and the client library leaves FA XML as it came.
    const xml = decodeUnicodeEscapes(raw);
    try {
      if (dataType === FADataType.GROUPS) this.publish(parseFaGroups(xml), this.aliases);
      else if (dataType === FADataType.ALIASES) this.publish(this.groups, parseFaAliases(xml));
    } catch (error) {
      // Keep the last good configuration rather than dropping every group.
      this.options.logger.error({ err: error, dataType }, "ignoring an FA configuration that could not be read");
    }
  }

  private publish(groups: FaGroup[], aliases: Record<string, string>): void {
    this.groups = groups;
    this.aliases = aliases;
    this.options.emit({ type: "faConfig", groups, aliases, at: this.options.now() });
  }
}
