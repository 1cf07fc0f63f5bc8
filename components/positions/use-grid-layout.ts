"use client";

import { useState } from "react";
import type { Position } from "@/lib/positions";
import { useNow } from "@/components/clock/use-now";
import { buildLayout, sortsByLiveValue, type GridLayout, type GridQuery } from "./grid-layout";
import type { RowContext } from "./position-columns";

/**
 * The grid's layout, rebuilt only when it can change: positions come or go (a new key
 * list), the query or the aliases change, or, under a sort by a live value, once a second.
 * Value updates alone reuse the layout, so rows keep their place and a delta costs no sort.
 */
export function useGridLayout(
  positions: ReadonlyMap<string, Position>,
  positionKeys: readonly string[],
  query: GridQuery,
  context: RowContext,
): GridLayout {
  const second = Math.floor(useNow() / 1000);
  const inputs = [positionKeys, query, context, sortsByLiveValue(query.sorting) ? second : null];
  const [built, setBuilt] = useState<{ inputs: readonly unknown[]; layout: GridLayout } | null>(null);
  if (built && inputs.every((input, index) => Object.is(input, built.inputs[index]))) return built.layout;
  // Storing what this render derived, as React recommends for information from previous renders.
  const layout = buildLayout(positions.values(), query, context);
  setBuilt({ inputs, layout });
  return layout;
}
