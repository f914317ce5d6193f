package ai.mirroros.licensing.vault;

/** Which revenue streams a vault has switched on. */
public record MonetizationConfig(
        boolean enableAgentTemplateResale,
        boolean enableHostedMirrorPlatforms,
        boolean enableCustomExportFees,
        boolean stripeIntegration,
        boolean referralProgram) {
}
