/**
 * What the apps' tests share: {@link dev.millrace.testsupport.Chromium} (Debian's headless Chromium
 * driven by Playwright, offline) and {@link dev.millrace.testsupport.RecordingSseClient} (an SSE
 * client that records what one stream sends). Depend on it in test scope only.
 */
package dev.millrace.testsupport;
