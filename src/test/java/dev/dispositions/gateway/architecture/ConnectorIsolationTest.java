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
}
