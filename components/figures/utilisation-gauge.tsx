import type { RiskLevel } from "@/lib/figures";
import { formatPercent } from "@/lib/format";
import { LEVEL_ICONS, LEVEL_LABELS } from "./risk-level";
import styles from "./utilisation-gauge.module.css";

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
        aria-valuetext={`${text}, ${LEVEL_LABELS[level]}`}
      >
        <span className={styles.fill} style={{ inlineSize: `${Math.min(Math.max(percent, 0), 100)}%` }} />
      </span>
      <span className={styles.value}>{text}</span>
      <span className={styles.level}>
        <span aria-hidden="true">{LEVEL_ICONS[level]}</span> {LEVEL_LABELS[level]}
      </span>
    </span>
  );
}
