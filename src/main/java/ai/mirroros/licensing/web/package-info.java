/**
 * The HTTP edge: a Javalin server with plain-function handlers, a health endpoint, and the mapping of expected
 * failures to {@code application/problem+json}.
 */
package ai.mirroros.licensing.web;
