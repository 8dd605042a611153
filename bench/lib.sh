# Shared by the bench/*.sh scripts (sourced, not run): builds what a benchmark needs and sets CP to the test
# class path (dependencies, main and test classes).
[ -f target/exoconsent.jar ] || mvn -B -q -DskipTests package
mvn -B -q test-compile
cp_file=$(mktemp)
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
CP="$(cat "$cp_file"):target/classes:target/test-classes"
rm -f "$cp_file"
