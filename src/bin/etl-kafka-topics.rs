use etlkit::cli::kafka_topics::{Action, Args};
use etlkit::cli::{self};
use etlkit::kafka::topics::Topics;
use etlkit::notice;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let topics = Topics::connect(args.admin.connection())?;
        let found = match &args.action {
            Action::List { all } => topics.list(*all)?,
            Action::Describe {
                topics: names,
                configs,
            } => {
                let mut found = Vec::new();
                for name in names {
                    found.extend(match configs {
                        true => topics.configs(name)?,
                        false => topics.describe(name)?,
                    });
                }
                found
            }
            Action::Create {
                topic,
                partitions,
                replication_factor,
                configs,
            } => {
                let spec = Args::spec(topic, *partitions, *replication_factor, configs)?;
                if !topics.create(&spec)? {
                    notice::note(format_args!("topic {topic:?} exists already, as asked"));
                }
                Vec::new()
            }
            Action::Delete { topics: names } => {
                for name in names {
                    topics.delete(name)?;
                }
                Vec::new()
            }
            Action::AddPartitions { topic, to } => {
                topics.add_partitions(topic, *to)?;
                Vec::new()
            }
            Action::Alter { topic, configs } => {
                topics.alter(topic, configs)?;
                Vec::new()
            }
        };
        args.admin.write(job, &found)
    })
}
