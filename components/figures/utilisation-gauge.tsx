import type { RiskLevel } from "@/lib/figures";
import { formatPercent } from "@/lib/format";
import styles from "./utilisation-gauge.module.css";

const LABELS: Record<RiskLevel, string> = { ok: "OK", warn: "Warning", critical: "Critical" };
const ICONS: Record<RiskLevel, string> = { ok: "\u2713", warn: "\u25b2", critical: "\u2716" };

/**
 * Margin utilisation as a bar, a percentage and the engine's level for it, which never
 * relies on colour alone.
 */
export function UtilisationGauge({ utilisation, level }: { utilisation: number; level: RiskLevel }) {
  const text = formatPercent(utilisation);
  const percent = Math.round(utilisation * 1000) / 10;
  return (
    <span className={styles.gauge} data-level={level}>
      <span
        className={styles.track}
        role="meter"
        aria-label="Margin utilisation"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
        aria-valuetext={`${text}, ${LABELS[level]}`}
      >
        <span className={styles.fill} style={{ inlineSize: `${Math.min(Math.max(percent, 0), 100)}%` }} />
      </span>
      <span className={styles.value}>{text}</span>
      <span className={styles.level}>
        <span aria-hidden="true">{ICONS[level]}</span> {LABELS[level]}
      </span>
    </span>
  );
}
