package dev.dispositions.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Each dialer adapter and each CRM connector is self-contained: adding one touches nothing else. */
@AnalyzeClasses(packages = "dev.dispositions.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ConnectorIsolationTest {

    @ArchTest
    static final ArchRule crmConnectorsAreIndependent =
            slices().matching("dev.dispositions.gateway.crm.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule dialerAdaptersAreIndependent =
            slices().matching("dev.dispositions.gateway.dialer.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule crmSideNeverReadsDialerSide =
            noClasses().that().resideInAPackage("..gateway.crm..").should().dependOnClassesThat().resideInAPackage("..gateway.dialer..");

    @ArchTest
    static final ArchRule dialerSideNeverReadsCrmSide =
            noClasses().that().resideInAPackage("..gateway.dialer..").should().dependOnClassesThat().resideInAPackage("..gateway.crm..");

    @ArchTest
    static final ArchRule thePipelineNamesNoVendor =
            noClasses().that().resideInAnyPackage("..gateway.ingest..", "..gateway.dispatch..", "..gateway.store..",
                            "..gateway.mapping..", "..gateway.canonical..")
                    .should().dependOnClassesThat().resideInAnyPackage("..gateway.crm.*..", "..gateway.dialer.*..")
                    .allowEmptyShould(true);

    @ArchTest
    static final ArchRule theCanonicalModelStandsAlone =
            noClasses().that().resideInAPackage("..gateway.canonical..").should().dependOnClassesThat()
                    .resideInAnyPackage("..gateway.api..", "..gateway.config..", "..gateway.crm..", "..gateway.delivery..",
                            "..gateway.dialer..", "..gateway.dispatch..", "..gateway.ingest..", "..gateway.mapping..",
                            "..gateway.metrics..", "..gateway.store..");

    /** The store keeps the delivery vocabulary's rows; it knows no connector and no dialer, not even their SPIs. */
    @ArchTest
    static final ArchRule theStoreKnowsNoConnectorOrDialer =
            noClasses().that().resideInAPackage("..gateway.store..").should().dependOnClassesThat()
                    .resideInAnyPackage("..gateway.crm..", "..gateway.dialer..");

    /** The admin API reaches a connector through the SPI in crm/, never a vendor's package. */
    @ArchTest
    static final ArchRule theApiUsesConnectorsThroughTheirSpi =
            noClasses().that().resideInAPackage("..gateway.api..").should().dependOnClassesThat()
                    .resideInAPackage("..gateway.crm.*..");

    /** The delivery vocabulary is what store, dispatch and connectors share: it depends on none of them. */
    @ArchTest
    static final ArchRule theDeliveryVocabularyIsNeutral =
            noClasses().that().resideInAPackage("..gateway.delivery..").should().dependOnClassesThat()
                    .resideInAnyPackage("..gateway.crm..", "..gateway.store..", "..gateway.dispatch..", "..gateway.dialer..",
                            "..gateway.api..", "..gateway.ingest..");
}
