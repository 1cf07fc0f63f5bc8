export type Theme = "dark" | "light";

/** Desks run the dashboard on a wall of screens: dark unless the user chose otherwise. */
export const DEFAULT_THEME: Theme = "dark";
export const THEME_STORAGE_KEY = "riskdesk.theme";

/**
 * Inlined in <head> so it runs before the first paint: applies the saved theme, so a
 * light-theme user never sees a dark flash while the page hydrates.
 */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
