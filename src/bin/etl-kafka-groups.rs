use etlkit::cli::kafka_groups::{Action, Args};
use etlkit::cli::{self, args::sources};
use etlkit::error::{Error, Result};
use etlkit::format::Input;
use etlkit::job::Job;
use etlkit::kafka::groups::Groups;
use etlkit::record::Record;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let groups = Groups::new(args.admin.connection());
        let found = match &args.action {
            Action::List => groups.list()?,
            Action::Describe { group, topic } => groups.describe(group, topic.as_deref())?,
            Action::Reset {
                group,
                topic,
                to,
                execute,
            } => {
                let to = to.target(|path| offsets_in(job, path))?;
                groups.reset(group, topic, &to, *execute)?
            }
        };
        args.admin.write(job, &found)
    })
}

/// The (topic, partition, offset) of each record of the file: `offset`, or `new` as
/// a reset plan writes it.
fn offsets_in(job: &mut Job, path: &std::ffi::OsString) -> Result<Vec<(String, i32, i64)>> {
    let mut input = Input::open(
        sources(std::slice::from_ref(path)),
        None,
        Default::default(),
        job.progress().clone(),
    )?;
    let mut offsets = Vec::new();
    let mut record = Record::default();
    while input.read(&mut record)? {
        let text = |name: &str| {
            record
                .get_path(name)
                .filter(|v| !v.is_null())
                .and_then(|v| v.as_text())
                .map(|t| t.into_owned())
        };
        let at = input.location();
        let bad = |what: &str| Error::Data(format!("{at}: {what}"));
        let topic = text("topic").ok_or_else(|| bad("no topic field"))?;
        let number = |name: &str| text(name).and_then(|t| t.parse::<i64>().ok());
        let partition = number("partition")
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(|| bad("no partition number"))?;
        let offset = number("offset")
            .or_else(|| number("new"))
            .ok_or_else(|| bad("no offset (or new) number"))?;
        offsets.push((topic, partition, offset));
    }
    Ok(offsets)
}
