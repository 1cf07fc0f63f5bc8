import { formatPercent } from "@/lib/format";
import { UTILISATION_LABELS, utilisationLevel, type UtilisationLevel } from "./utilisation";
import styles from "./utilisation-gauge.module.css";

const ICONS: Record<UtilisationLevel, string> = { ok: "\u2713", warn: "\u25b2", critical: "\u2716" };

/** Margin utilisation as a bar, a percentage and a level that never relies on colour alone. */
export function UtilisationGauge({ utilisation }: { utilisation: number }) {
  const level = utilisationLevel(utilisation);
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
        aria-valuetext={`${text}, ${UTILISATION_LABELS[level]}`}
      >
        <span className={styles.fill} style={{ inlineSize: `${Math.min(Math.max(percent, 0), 100)}%` }} />
      </span>
      <span className={styles.value}>{text}</span>
      <span className={styles.level}>
        <span aria-hidden="true">{ICONS[level]}</span> {UTILISATION_LABELS[level]}
      </span>
    </span>
  );
}
