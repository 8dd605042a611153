# Shared by the bench/*.sh scripts (sourced, not run): builds what a benchmark needs and sets CP to the test
# class path (dependencies, main and test classes).
[ -f target/exoconsent.jar ] || mvn -B -q -DskipTests package
mvn -B -q test-compile
cp_file=$(mktemp)
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
CP="$(cat "$cp_file"):target/classes:target/test-classes"
rm -f "$cp_file"

# bench_user DIR: a data directory with one person holding every role, signed in through the environment
# (commands that touch patient data need a user since issue 5).
bench_user() {
  export EXOCONSENT_USER=bench EXOCONSENT_PASSWORD="bench password 1"
  echo "$EXOCONSENT_PASSWORD" | java -jar target/exoconsent.jar users add --data-dir "$1" --name bench \
      --role administrator --password-stdin >/dev/null 2>&1
  java -jar target/exoconsent.jar users set-roles --data-dir "$1" --name bench \
      --role administrator,physician,staff,manager --licence 123456 >/dev/null
}
