// The redirect URI: finish the sign-in, then go home with the code gone from the address bar and history.
import { completeSignIn } from './auth.js';

try {
  await completeSignIn(location.search);
  location.replace('/');
} catch (error) {
  history.replaceState(null, '', location.pathname);
  document.getElementById('status').textContent = `Sign-in failed: ${error.message}`;
  document.getElementById('home').hidden = false;
}
