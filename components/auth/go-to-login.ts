/** Set once the page is on its way to the login page: a second reason to go there (the stream refused after a logout) changes nothing. */
let leaving = false;

/**
 * Leaves for the login page with a fresh page load, so nothing this page held outlives the
 * session. With `comeBack`, the login returns to where the user was.
 */
export function goToLogin({ comeBack }: { comeBack: boolean }): void {
  if (leaving) return;
  leaving = true;
  const url = new URL("/login", window.location.origin);
  if (comeBack) url.searchParams.set("next", window.location.pathname + window.location.search);
  window.location.assign(url.href);
}
