/**
 * Partner analytics: per vault and period, revenue by stream, monthly growth, customers, lifetime value, churn,
 * acquisition cost, export values, conversion and agent-loop figures — every one computed from the posted payments,
 * the ledger and the recorded events, never kept as a separate counter that could drift.
 */
package ai.mirroros.licensing.analytics;
