# deploy-tests and launcher: promtool (promtool check config/rules, promtool test rules) and prometheus (deploy's PrometheusQueriesIT, the launcher's DashboardQueriesIT)
# come from Debian's prometheus package.
apt-get install -y -qq prometheus
